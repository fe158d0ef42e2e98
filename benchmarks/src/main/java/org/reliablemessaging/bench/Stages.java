package org.reliablemessaging.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * Where one latency run's time went: the publisher's transaction, the way to the listener's consumer
 * (relay wake-up, claim, send, broker, fetch) and the consumer itself (key queue, guard, handler entry).
 *
 * @param toCommit scheduled publish time to the publisher's commit returning, µs
 * @param toConsumer commit to the listener's consumer receiving the message, µs
 * @param inConsumer received to handler entry, µs
 * @param relay the relay's batches during the run
 */
record Stages(Histogram toCommit, Histogram toConsumer, Histogram inConsumer, RelayBatchTimer.Delta relay) {

    /** A note on the stages of a case's runs: each figure the median over the runs. */
    static String describe(String label, List<Stages> runs) {
        if (runs.isEmpty()) {
            return "No stage breakdown for " + label + ": no measured runs.";
        }
        return String.format(Locale.ROOT, "Where the time goes, %s (p50 / p99 ms per stage, median over runs): "
                + "scheduled → publisher's commit %s; commit → the listener's consumer received it (relay wake-up, "
                + "claim, send, broker confirm, fetch) %s; received → handler entry (key queue, guard transaction) %s. "
                + "Relay: %.0f batches per run, %.2f ms each on average (claim, send until confirmed, update), "
                + "%.1f messages per batch.", label, stage(runs, Stages::toCommit), stage(runs, Stages::toConsumer),
                stage(runs, Stages::inConsumer), median(runs, s -> s.relay().batches()),
                median(runs, s -> s.relay().meanMillis()), median(runs, s -> s.relay().messagesPerBatch()));
    }

    private static String stage(List<Stages> runs, Function<Stages, Histogram> stage) {
        return String.format(Locale.ROOT, "%.1f / %.1f", median(runs, s -> stage.apply(s).getValueAtPercentile(50) / 1000.0),
                median(runs, s -> stage.apply(s).getValueAtPercentile(99) / 1000.0));
    }

    private static double median(List<Stages> runs, ToDoubleFunction<Stages> metric) {
        return CaseResult.median(runs.stream().mapToDouble(metric));
    }
}
