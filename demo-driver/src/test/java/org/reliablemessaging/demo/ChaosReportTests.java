package org.reliablemessaging.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.demo.ChaosReport.Injection;
import org.reliablemessaging.demo.ChaosReport.Run;
import org.reliablemessaging.demo.ShopClient.OrderStats;
import org.reliablemessaging.demo.ShopClient.StockItem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChaosReportTests {

    private static final String HEADER = """
            | fault | transport | runs | faults injected | messages (orders) | lost | duplicate effects | order violations \
            | dead letters | recovery median / p95 / max | order requests meanwhile: taken / refused / unanswered, slowest answer |
            |---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|
            """;

    @Test
    void theTablesOfTheRecordedReportsAreTheOnesInReliabilityMd() throws IOException {
        String doc = Files.readString(Path.of("../docs/RELIABILITY.md"));
        List<String> campaign = Files.readAllLines(Path.of("../docs/fault-injection-report.jsonl"));
        List<String> earlier = Files.readAllLines(Path.of("../docs/fault-injection-report-earlier.jsonl"));

        assertThat(campaign).hasSizeGreaterThanOrEqualTo(10);
        assertThat(ChaosReport.table(campaign)).isEqualTo(tableAfter(doc, "### The campaign"));
        assertThat(ChaosReport.table(earlier)).isEqualTo(tableAfter(doc, "### Earlier rounds"));
    }

    /** The first table after the heading. */
    private static String tableAfter(String doc, String heading) {
        int start = doc.indexOf("| fault | transport |", doc.indexOf(heading));
        return doc.substring(start, doc.indexOf("\n\n", start) + 1);
    }

    @Test
    void aRecordedLineReadsBackToTheSameText() throws IOException {
        for (String report : List.of("fault-injection-report.jsonl", "fault-injection-report-earlier.jsonl")) {
            for (String line : Files.readAllLines(Path.of("../docs", report))) {
                assertThat(Run.parse(line).toJson()).isEqualTo(line);
            }
        }
    }

    @Test
    void whatTheUsersSawDuringAFaultIsWrittenWithItsInjectionAndReadBack() {
        String line = "{\"run\":1,\"transport\":\"rabbit\",\"seed\":8,\"faults\":[\"partition-database\"],"
                + "\"injections\":[{\"fault\":\"partition-database\",\"at\":30.1,\"recovery\":2.5,\"during\":"
                + "{\"requests\":12,\"taken\":7,\"refused\":0,\"unanswered\":5,\"median\":4.2,\"slowest\":30.0}}],"
                + "\"orders\":150,\"unseen\":5,\"lost\":0,\"duplicateEffects\":0,\"orderViolations\":0,"
                + "\"deadLetters\":0,\"duplicatesSuppressed\":0,\"settling\":1.1,\"balanced\":true}";

        Run run = Run.parse(line);

        assertThat(run.injections().get(0).during()).isEqualTo(new OrderAttempts.UserView(12, 7, 0, 5, 4.2, 30.0));
        assertThat(run.toJson()).isEqualTo(line);
    }

    @Test
    void aRunIsWrittenAsOneLineWithItsTimesToATenth() {
        Options options = Options.parse(new String[] { "--order-jar", "o.jar", "--inventory-jar", "i.jar", "--data-dir",
                "d", "--faults", "kill-order,kill-broker", "--seed", "8" });
        Verification books = Verification.of(new Books(
                List.of(new Books.OrderLine(new Orders.Placed("o1", "teapot", 2), "CONFIRMED", "RESERVED"),
                        new Books.OrderLine(new Orders.Placed("o2", "teapot", 1), "CONFIRMED", Books.NEVER_HEARD_OF)),
                new OrderStats(Map.of(), Map.of(), Map.of("teapot", 3L)), List.of(new StockItem("teapot", 7, 3)), 2, 1,
                0), 10);

        Run run = Run.of(3, options, List.of(Fault.KILL_ORDER, Fault.KILL_BROKER),
                List.of(new Injection(Fault.KILL_BROKER, 12.345, 2.04), new Injection(Fault.KILL_ORDER, 30.96, 19.95)),
                books, 1, 1.25, false);

        assertThat(run.toJson()).isEqualTo("{\"run\":3,\"transport\":\"file\",\"seed\":8,"
                + "\"faults\":[\"kill-order\",\"kill-broker\"],\"injections\":[{\"fault\":\"kill-broker\",\"at\":12.3,"
                + "\"recovery\":2.0},{\"fault\":\"kill-order\",\"at\":31.0,\"recovery\":20.0}],\"orders\":2,\"unseen\":1,"
                + "\"lost\":1,\"duplicateEffects\":0,\"orderViolations\":0,\"deadLetters\":0,\"duplicatesSuppressed\":3,"
                + "\"settling\":1.3,\"balanced\":false}");
    }

    @Test
    void eachFaultOfARunGetsTheRunsOrdersAndItsOwnInjectionsWithTheUpperMedianP95AndTheMaximum() {
        List<String> lines = List.of(
                line(1, "file", "[\"kill-order\",\"kill-broker\"]",
                        "[" + injection("kill-order", 3.0) + "," + injection("kill-broker", 9.5) + ","
                                + injection("kill-order", 1.0, "{\"requests\":9,\"taken\":6,\"refused\":2,"
                                        + "\"unanswered\":1,\"median\":0.2,\"slowest\":30.0}") + "]", 60, 0),
                "",
                line(2, "file", "[\"kill-order\"]", "[" + injection("kill-order", 4.0) + "," + injection("kill-order", 2.0)
                        + "]", 40, 1),
                line(1, "kafka", "[\"kill-order\"]", "[]", 150, 0));

        assertThat(ChaosReport.table(lines)).isEqualTo(HEADER
                + "| kill-broker | file | 1 | 1 | 60 | 0 | 0 | 0 | 0 | 9.5 s / 9.5 s / 9.5 s | - |\n"
                + "| kill-order | file | 2 | 4 | 100 | 1 | 0 | 0 | 0 | 3.0 s / 4.0 s / 4.0 s | 6 / 2 / 1, 30.0 s |\n"
                + "| kill-order | kafka | 1 | 0 | 150 | 0 | 0 | 0 | 0 | - | - |\n");
    }

    @Test
    void anEmptyReportIsTheHeaderAlone() {
        assertThat(ChaosReport.table(List.of())).isEqualTo(HEADER);
    }

    @Test
    void aLineMissingAFieldIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> ChaosReport.table(List.of("{\"run\":1,\"transport\":\"file\"}")))
            .isInstanceOf(DemoFailed.class)
            .hasMessageContaining("the report's line");
    }

    private static String line(int run, String transport, String faults, String injections, int orders, int lost) {
        return ("{\"run\":%d,\"transport\":\"%s\",\"seed\":1,\"faults\":%s,\"injections\":%s,\"orders\":%d,\"unseen\":0,"
                + "\"lost\":%d,\"duplicateEffects\":0,\"orderViolations\":0,\"deadLetters\":0,\"duplicatesSuppressed\":0,"
                + "\"settling\":1.0,\"balanced\":%s}").formatted(run, transport, faults, injections, orders, lost, lost == 0);
    }

    private static String injection(String fault, double recovery) {
        return "{\"fault\":\"%s\",\"at\":10.0,\"recovery\":%s}".formatted(fault, recovery);
    }

    private static String injection(String fault, double recovery, String during) {
        return "{\"fault\":\"%s\",\"at\":10.0,\"recovery\":%s,\"during\":%s}".formatted(fault, recovery, during);
    }
}
