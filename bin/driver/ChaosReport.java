import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fault-injection report: one line of JSON per run, and the table per fault type that sums them. */
final class ChaosReport {

    private ChaosReport() {
    }

    /** One run, as a line of JSON for the report. */
    static String line(int run, Options options, List<Chaos.Fault> faults, List<Chaos.Injection> injections, Verification books,
            Orders orders, double settling, boolean balanced) {
        StringBuilder json = new StringBuilder();
        json.append("{\"run\":").append(run).append(",\"transport\":\"").append(options.transport())
            .append("\",\"seed\":").append(options.seed()).append(",\"faults\":[");
        for (int i = 0; i < faults.size(); i++) {
            json.append(i > 0 ? "," : "").append('"').append(faults.get(i).label()).append('"');
        }
        json.append("],\"injections\":[");
        for (int i = 0; i < injections.size(); i++) {
            Chaos.Injection injection = injections.get(i);
            json.append(i > 0 ? "," : "").append("{\"fault\":\"").append(injection.fault().label())
                .append("\",\"at\":").append("%.1f".formatted(injection.atSeconds()))
                .append(",\"recovery\":").append("%.1f".formatted(injection.recoverySeconds())).append('}');
        }
        json.append("],\"orders\":").append(books.orders()).append(",\"unseen\":").append(orders.uncertain())
            .append(",\"lost\":").append(books.lost()).append(",\"duplicateEffects\":").append(books.duplicateEffects())
            .append(",\"orderViolations\":").append(books.orderViolations()).append(",\"deadLetters\":")
            .append(books.deadLetters()).append(",\"duplicatesSuppressed\":")
            .append(books.duplicatesInventory() + books.duplicatesOrders()).append(",\"settling\":")
            .append("%.1f".formatted(settling)).append(",\"balanced\":").append(balanced).append('}');
        return json.toString();
    }

    /** The report's runs, summed per fault type and transport, as the Markdown table of docs/RELIABILITY.md. */
    static String table(List<String> lines) {
        record Row(long[] sums, List<Double> recoveries) {
        }
        Map<String, Row> rows = new TreeMap<>();
        for (String text : lines) {
            if (text.isBlank()) {
                continue;
            }
            Json run = Json.parse(text);
            for (Json fault : run.get("faults").asList()) {
                Row row = rows.computeIfAbsent(fault.asString() + " | " + run.get("transport").asString(),
                        key -> new Row(new long[7], new ArrayList<>()));
                row.sums[0]++;
                row.sums[2] += run.get("orders").asLong();
                row.sums[3] += run.get("lost").asLong();
                row.sums[4] += run.get("duplicateEffects").asLong();
                row.sums[5] += run.get("orderViolations").asLong();
                row.sums[6] += run.get("deadLetters").asLong();
                for (Json injection : run.get("injections").asList()) {
                    if (injection.get("fault").asString().equals(fault.asString())) {
                        row.sums[1]++;
                        row.recoveries.add(((Number) injection.get("recovery").value()).doubleValue());
                    }
                }
            }
        }
        StringBuilder table = new StringBuilder(
                "| fault | transport | runs | faults injected | messages (orders) | lost | duplicate effects"
                        + " | order violations | dead letters | recovery median / max |\n"
                        + "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        rows.forEach((key, row) -> {
            List<Double> sorted = row.recoveries.stream().sorted().toList();
            String recovery = sorted.isEmpty() ? "-"
                    : "%.1f s / %.1f s".formatted(sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
            table.append("| ").append(key);
            for (long sum : row.sums) {
                table.append(" | ").append(sum);
            }
            table.append(" | ").append(recovery).append(" |\n");
        });
        return table.toString();
    }
}
