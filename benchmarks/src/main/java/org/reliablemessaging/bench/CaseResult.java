package org.reliablemessaging.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

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
        List<Double> values = new ArrayList<>();
        for (RunResult run : runs) {
            double value = metric.applyAsDouble(run);
            if (!Double.isNaN(value)) {
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        values.sort(null);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
