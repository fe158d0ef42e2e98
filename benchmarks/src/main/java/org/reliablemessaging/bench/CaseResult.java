package org.reliablemessaging.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;

/** The measured runs of one case, and their medians with the spread (min..max). */
record CaseResult(String name, String parameters, List<RunResult> runs) {

    double throughput() {
        return median(RunResult::throughput);
    }

    double throughputMin() {
        return runs.stream().mapToDouble(RunResult::throughput).min().orElse(0);
    }

    double throughputMax() {
        return runs.stream().mapToDouble(RunResult::throughput).max().orElse(0);
    }

    boolean hasLatency() {
        return runs.stream().anyMatch(r -> r.latency() != null && r.latency().getTotalCount() > 0);
    }

    /** The median over the runs of a latency percentile, in milliseconds. */
    double percentileMillis(double percentile) {
        return median(r -> r.latency() == null ? Double.NaN : r.latency().getValueAtPercentile(percentile) / 1000.0);
    }

    /** The largest spread of a percentile over the runs, in milliseconds: min..max. */
    double[] percentileSpread(double percentile) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (RunResult run : runs) {
            if (run.latency() != null) {
                double value = run.latency().getValueAtPercentile(percentile) / 1000.0;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return new double[] {min, max};
    }

    double peakHeapMiB() {
        return runs.stream().mapToLong(RunResult::peakHeapBytes).max().orElse(0) / (1024.0 * 1024.0);
    }

    Set<String> extraNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.extra().keySet()));
        return names;
    }

    double extra(String name) {
        return median(r -> r.extra().getOrDefault(name, Double.NaN));
    }

    double extraMin(String name) {
        return runs.stream().mapToDouble(r -> r.extra().getOrDefault(name, Double.NaN)).filter(v -> !Double.isNaN(v))
            .min().orElse(Double.NaN);
    }

    double extraMax(String name) {
        return runs.stream().mapToDouble(r -> r.extra().getOrDefault(name, Double.NaN)).filter(v -> !Double.isNaN(v))
            .max().orElse(Double.NaN);
    }

    double median(ToDoubleFunction<RunResult> metric) {
        return median(runs.stream().mapToDouble(metric));
    }

    /** The median of the values that are numbers, NaN when none is. */
    static double median(DoubleStream values) {
        double[] sorted = values.filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
