package org.reliablemessaging.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** {@code bin/bench}: runs the scenarios, prints their tables and writes the report. */
public final class Bench {

    static final Map<String, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("relay", RelayScenario::new);
        SCENARIOS.put("latency", LatencyScenario::new);
        SCENARIOS.put("ordered", OrderedListenerScenario::new);
        SCENARIOS.put("broker", FileBrokerScenario::new);
        SCENARIOS.put("idempotency", IdempotencyScenario::new);
        SCENARIOS.put("memory", MemoryScenario::new);
        SCENARIOS.put("publisher", PublisherCostScenario::new);
    }

    static final List<String> SCENARIO_NAMES = List.copyOf(SCENARIOS.keySet());

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> names = options.scenarios.isEmpty() ? SCENARIO_NAMES : options.scenarios;
        for (String name : names) {
            if (!SCENARIOS.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + "; known: " + SCENARIO_NAMES);
            }
        }
        Path out = options.out != null ? options.out
                : options.smoke ? Path.of("benchmarks", "target", "BENCHMARKS-smoke.md") : Path.of("docs", "BENCHMARKS.md");
        String machine = Machine.describe();
        System.out.println("Machine: " + machine);
        Apps.overrideFrom(options.values);
        Harness harness = new Harness(options);
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            long start = System.nanoTime();
            try {
                Objects.requireNonNull(SCENARIOS.get(name), "checked above").get().run(harness);
            }
            catch (Exception | Error ex) {
                // One scenario failing (a service down) must not lose the others' numbers.
                System.err.println("Scenario " + name + " failed: " + ex);
                ex.printStackTrace();
                failed.add(name);
                Section last = harness.sections.isEmpty() ? null : harness.sections.getLast();
                if (last != null && last.id.equals(name)) {
                    last.note("The run stopped with " + ex + "; the cases above it were measured.");
                }
            }
            System.out.printf("%s took %.0f s%n", name, (System.nanoTime() - start) / 1e9);
        }
        harness.finish();
        String mode = (options.smoke ? " · smoke mode (tiny sizes, one run: not for comparison)" : "")
                + Apps.overridesNote();
        for (Section section : harness.sections) {
            System.out.println();
            System.out.println(Report.markdown(section, machine + mode));
        }
        Report.write(out, harness.sections, machine + mode, header());
        System.out.println("Wrote " + out.toAbsolutePath());
        harness.heap.close();
        if (!failed.isEmpty()) {
            System.err.println("Failed scenarios: " + failed);
            System.exit(1);
        }
        System.exit(0);
    }

    private static String header() throws IOException {
        try (InputStream in = Bench.class.getResourceAsStream("/bench-header.md")) {
            return in == null ? "# Benchmarks\n" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
