package org.reliablemessaging.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the results as tables and writes them into the report file: the hand-written text above
 * {@link #GENERATED} is kept, each scenario has its own marked section (only the sections run are
 * replaced), and the summary of all targets is rebuilt from the sections' target rows.
 */
final class Report {

    static final String GENERATED = "<!-- Everything below is written by bin/bench; edit the text above this line only. -->";

    private static final Pattern SECTION = Pattern.compile("<!-- section:([a-z0-9-]+) -->\\n(.*?)<!-- /section:\\1 -->\\n",
            Pattern.DOTALL);

    private static final Pattern TARGET_ROWS = Pattern.compile("<!-- targets -->\\n(.*?)<!-- /targets -->", Pattern.DOTALL);

    private Report() {
    }

    static String brief(RunResult run) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,.0f msg/s (%,d in %.2f s)",
                run.throughput(), run.messages(), run.seconds()));
        if (run.latency() != null && run.latency().getTotalCount() > 0) {
            text.append(String.format(Locale.ROOT, ", p50 %.2f p99 %.2f p99.9 %.2f ms",
                    run.latency().getValueAtPercentile(50) / 1000.0, run.latency().getValueAtPercentile(99) / 1000.0,
                    run.latency().getValueAtPercentile(99.9) / 1000.0));
        }
        run.extra().forEach((name, value) -> text.append(String.format(Locale.ROOT, ", %s %s", name, number(value))));
        text.append(String.format(Locale.ROOT, ", heap %.0f MiB", run.peakHeapBytes() / 1048576.0));
        return text.toString();
    }

    /** The section as Markdown (also printed to the console). */
    static String markdown(Section section, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(section.title).append("\n\n");
        md.append("_").append(machine).append(" · load average (1 min) ").append(section.loadAtStart).append(" at the start, ")
            .append(section.loadAtEnd).append(" at the end (2 = both cores busy)_\n\n");
        md.append(section.parameters).append("\n\n");
        List<String> extras = new ArrayList<>();
        section.cases.forEach(c -> c.extraNames().stream().filter(n -> !extras.contains(n)).forEach(extras::add));
        boolean latency = section.cases.stream().anyMatch(CaseResult::hasLatency);
        md.append("| case | parameters | runs | msg/s (median) | spread (min..max) |");
        if (latency) {
            md.append(" p50 ms | p99 ms | p99.9 ms |");
        }
        extras.forEach(e -> md.append(' ').append(e).append(" |"));
        md.append(" peak heap MiB |\n|---|---|---|---:|---:|");
        if (latency) {
            md.append("---:|---:|---:|");
        }
        extras.forEach(e -> md.append("---:|"));
        md.append("---:|\n");
        for (CaseResult c : section.cases) {
            md.append("| ").append(c.name()).append(" | ").append(c.parameters()).append(" | ").append(c.runs().size())
                .append(" | ").append(String.format(Locale.ROOT, "%,.0f", c.throughput())).append(" | ")
                .append(String.format(Locale.ROOT, "%,.0f..%,.0f", c.throughputMin(), c.throughputMax())).append(" |");
            if (latency) {
                for (double p : new double[] {50, 99, 99.9}) {
                    md.append(' ').append(c.hasLatency() ? millis(c.percentileMillis(p), c.percentileSpread(p)) : "")
                        .append(" |");
                }
            }
            for (String e : extras) {
                double value = c.extra(e);
                md.append(' ').append(Double.isNaN(value) ? "" : spread(value, c.extraMin(e), c.extraMax(e))).append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.0f |%n", c.peakHeapMiB()));
        }
        if (!section.ratios.isEmpty()) {
            md.append("\n| ratio (throughput) | value |\n|---|---:|\n");
            section.ratios.forEach(r -> md.append("| ").append(r.label()).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f×", r.value())).append(" |\n"));
        }
        if (!section.targets.isEmpty()) {
            md.append("\n| target | measured | verdict |\n|---|---|---|\n<!-- targets -->\n");
            section.targets.forEach(t -> md.append("| ").append(t.goal()).append(" | ").append(t.measured()).append(" | ")
                .append(t.verdict()).append(" |\n"));
            md.append("<!-- /targets -->\n");
        }
        if (!section.notes.isEmpty()) {
            md.append('\n');
            section.notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String millis(double median, double[] spread) {
        if (Double.isNaN(median)) {
            return "";
        }
        return spread[0] == spread[1] ? number(median) : number(median) + " (" + number(spread[0]) + ".." + number(spread[1]) + ")";
    }

    private static String spread(double median, double min, double max) {
        return min == max ? number(median) : number(median) + " (" + number(min) + ".." + number(max) + ")";
    }

    static String number(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Replaces the sections of {@code sections} in {@code file}, keeping the others and the hand-written header. */
    static void write(Path file, List<Section> sections, String machine, String header) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : header + "\n" + GENERATED + "\n";
        int cut = existing.indexOf(GENERATED);
        String top = cut < 0 ? existing + "\n" : existing.substring(0, cut);
        String bottom = cut < 0 ? "" : existing.substring(cut + GENERATED.length());
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : Bench.SCENARIO_NAMES) {
            kept.put(name, null);
        }
        Matcher matcher = SECTION.matcher(bottom);
        while (matcher.find()) {
            kept.put(matcher.group(1), matcher.group(2));
        }
        for (Section section : sections) {
            kept.put(section.id, markdown(section, machine));
        }
        StringBuilder targets = new StringBuilder("## All targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        StringBuilder body = new StringBuilder();
        kept.forEach((id, text) -> {
            if (text == null) {
                return;
            }
            Matcher rows = TARGET_ROWS.matcher(text);
            while (rows.find()) {
                targets.append(rows.group(1));
            }
            body.append("<!-- section:").append(id).append(" -->\n").append(text).append("<!-- /section:").append(id)
                .append(" -->\n");
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, top + GENERATED + "\n\n" + targets + "\n" + body);
    }
}
