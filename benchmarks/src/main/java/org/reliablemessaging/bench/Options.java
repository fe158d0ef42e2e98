package org.reliablemessaging.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The command line of {@code bin/bench}: scenario names, {@code --smoke}, {@code --runs N},
 * {@code --warmups N}, {@code --out FILE} and {@code --name=value} sizes that scenarios read with defaults.
 */
final class Options {

    final List<String> scenarios = new ArrayList<>();

    final Map<String, String> values = new LinkedHashMap<>();

    boolean smoke;

    int runs = 3;

    int warmups = 1;

    @Nullable Path out;

    static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--smoke" -> options.smoke = true;
                case "--runs" -> options.runs = Integer.parseInt(args[++i]);
                case "--warmups" -> options.warmups = Integer.parseInt(args[++i]);
                case "--out" -> options.out = Path.of(args[++i]);
                case "-h", "--help" -> {
                    usage();
                    System.exit(0);
                }
                default -> {
                    if (arg.startsWith("--") && arg.contains("=")) {
                        int eq = arg.indexOf('=');
                        options.values.put(arg.substring(2, eq), arg.substring(eq + 1));
                    }
                    else if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + " (--help lists them)");
                    }
                    else {
                        options.scenarios.add(arg);
                    }
                }
            }
        }
        if (options.smoke) {
            options.runs = Math.min(options.runs, 1);
            options.warmups = 0;
        }
        return options;
    }

    static void usage() {
        System.out.println("""
                bin/bench [scenario...] [--smoke] [--runs N] [--warmups N] [--out FILE] [--name=value...]

                Scenarios: %s (all when none is named).
                --smoke         a few seconds per scenario, one run, no warm-up; writes target/BENCHMARKS-smoke.md
                --runs N        measured runs per case (default 3); the median is reported with min..max
                --warmups N     unreported runs before them (default 1)
                --out FILE      the report to write (default docs/BENCHMARKS.md; only the sections run are replaced)
                --name=value    sizes, e.g. --relay.rows=100000 --memory.backlog=1000000 --broker.seconds=3
                --app.NAME=VALUE  the application property NAME in every product application, to try a setting
                                (e.g. --app.reliable-messaging.kafka.producer-properties.linger.ms=5); the report says so
                """.formatted(String.join(", ", Bench.SCENARIO_NAMES)));
    }

    int intValue(String name, int normal, int smokeValue) {
        String value = values.get(name);
        return value != null ? Integer.parseInt(value) : smoke ? smokeValue : normal;
    }

    long longValue(String name, long normal, long smokeValue) {
        String value = values.get(name);
        return value != null ? Long.parseLong(value) : smoke ? smokeValue : normal;
    }

    double doubleValue(String name, double normal, double smokeValue) {
        String value = values.get(name);
        return value != null ? Double.parseDouble(value) : smoke ? smokeValue : normal;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }
}
