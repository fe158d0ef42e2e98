package org.reliablemessaging.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What one measured run of a case gave.
 *
 * @param messages messages the run completed
 * @param seconds how long it took
 * @param latency latencies in microseconds, or null where the case measures none
 * @param peakHeapBytes the most heap in use seen during the run (sampled every 20 ms)
 * @param extra other numbers of the run, by name (e.g. {@code "recovery ms"})
 */
record RunResult(long messages, double seconds, @Nullable Histogram latency, long peakHeapBytes,
        Map<String, Double> extra) {

    static RunResult of(long messages, double seconds, @Nullable Histogram latency, long peakHeapBytes) {
        return new RunResult(messages, seconds, latency, peakHeapBytes, new LinkedHashMap<>());
    }

    double throughput() {
        return seconds <= 0 ? 0 : messages / seconds;
    }

    RunResult with(String name, double value) {
        extra.put(name, value);
        return this;
    }
}
