package org.reliablemessaging.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import org.jspecify.annotations.Nullable;

/** The fault-injection report: one line of JSON per run, and the table per fault type that sums them. */
final class ChaosReport {

    private ChaosReport() {
    }

    /**
     * One fault injected: when in its run, how long until a probe order made the round trip again (for a
     * network fault: after it was healed), and what the users saw of the order requests sent meanwhile
     * (absent from the lines of reports written before it was recorded).
     */
    record Injection(Fault fault, @JsonProperty("at") double atSeconds,
            @JsonProperty("recovery") double recoverySeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JacksonInject(useInput = OptBoolean.TRUE,
                    optional = OptBoolean.TRUE) OrderAttempts.@Nullable UserView during) {

        Injection(Fault fault, double atSeconds, double recoverySeconds) {
            this(fault, atSeconds, recoverySeconds, null);
        }

        /** This injection with what the users saw during it. */
        Injection seen(OrderAttempts.UserView view) {
            return new Injection(fault, atSeconds, recoverySeconds, view);
        }
    }

    /** One run, as a line of the report; times in seconds, to a tenth. */
    record Run(int run, String transport, long seed, List<Fault> faults, List<Injection> injections, int orders,
            int unseen, int lost, int duplicateEffects, int orderViolations, long deadLetters,
            long duplicatesSuppressed, double settling, boolean balanced) {

        static Run of(int run, Options options, List<Fault> faults, List<Injection> injections, Verification books,
                int unseen, double settling, boolean balanced) {
            List<Injection> rounded = injections.stream()
                .map(injection -> new Injection(injection.fault(), tenths(injection.atSeconds()),
                        tenths(injection.recoverySeconds()), injection.during()))
                .toList();
            return new Run(run, options.setup(), options.seed(), faults, rounded, books.orders(), unseen,
                    books.lost(), books.duplicateEffects(), books.orderViolations(), books.deadLetters(),
                    books.duplicatesInventory() + books.duplicatesOrders(), tenths(settling), balanced);
        }

        static Run parse(String line) {
            return Json.read(line, Run.class, "the report's line");
        }

        String toJson() {
            return Json.write(this);
        }

        private static double tenths(double seconds) {
            return Math.round(seconds * 10) / 10.0;
        }
    }

    /**
     * The report's runs, summed per fault type and transport, as the Markdown table of docs/RELIABILITY.md: the
     * recovery times' upper median, 95th percentile (nearest rank) and maximum, and what the users saw of the
     * order requests sent from each injection until its recovery (where the line recorded it).
     */
    static String table(List<String> lines) {
        record Row(long[] sums, List<Double> recoveries, List<OrderAttempts.UserView> seen) {
        }
        Map<String, Row> rows = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            Run run = Run.parse(line);
            for (Fault fault : run.faults()) {
                Row row = rows.computeIfAbsent(fault.label() + " | " + run.transport(),
                        key -> new Row(new long[7], new ArrayList<>(), new ArrayList<>()));
                row.sums[0]++;
                row.sums[2] += run.orders();
                row.sums[3] += run.lost();
                row.sums[4] += run.duplicateEffects();
                row.sums[5] += run.orderViolations();
                row.sums[6] += run.deadLetters();
                for (Injection injection : run.injections()) {
                    if (injection.fault() == fault) {
                        row.sums[1]++;
                        row.recoveries.add(injection.recoverySeconds());
                        if (injection.during() != null) {
                            row.seen.add(injection.during());
                        }
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder(
                "| fault | transport | runs | faults injected | messages (orders) | lost | duplicate effects"
                        + " | order violations | dead letters | recovery median / p95 / max"
                        + " | order requests meanwhile: taken / refused / unanswered, slowest answer |\n"
                        + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        rows.forEach((key, row) -> {
            table.append("| ").append(key);
            for (long sum : row.sums) {
                table.append(" | ").append(sum);
            }
            table.append(" | ").append(recovery(row.recoveries)).append(" | ").append(seen(row.seen)).append(" |\n");
        });
        return table.toString();
    }

    /** The upper median, the 95th percentile (nearest rank) and the maximum of the recovery times, or "-". */
    private static String recovery(List<Double> recoveries) {
        List<Double> sorted = recoveries.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "-";
        }
        int p95 = (int) Math.ceil(0.95 * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.1f s / %.1f s / %.1f s", sorted.get(sorted.size() / 2), sorted.get(p95),
                sorted.get(sorted.size() - 1));
    }

    /** The order requests sent during the injections, summed, and the slowest answer of all, or "-". */
    private static String seen(List<OrderAttempts.UserView> views) {
        if (views.isEmpty()) {
            return "-";
        }
        int taken = views.stream().mapToInt(OrderAttempts.UserView::taken).sum();
        int refused = views.stream().mapToInt(OrderAttempts.UserView::refused).sum();
        int unanswered = views.stream().mapToInt(OrderAttempts.UserView::unanswered).sum();
        double slowest = views.stream().mapToDouble(OrderAttempts.UserView::slowest).max().orElse(0);
        return String.format(Locale.ROOT, "%d / %d / %d, %.1f s", taken, refused, unanswered, slowest);
    }
}
