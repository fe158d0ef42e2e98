package org.reliablemessaging.bench;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

/** The in-process relay's batches since a starting point, from its Micrometer meters. */
final class RelayBatchTimer {

    private final @Nullable Timer batch;

    private final @Nullable Counter sent;

    private final long batches;

    private final double batchNanos;

    private final double messages;

    private RelayBatchTimer(@Nullable Timer batch, @Nullable Counter sent) {
        this.batch = batch;
        this.sent = sent;
        batches = batch == null ? 0 : batch.count();
        batchNanos = batch == null ? 0 : batch.totalTime(TimeUnit.NANOSECONDS);
        messages = sent == null ? 0 : sent.count();
    }

    /** From now on, in the application's registry (nothing when it has none or no relay). */
    static RelayBatchTimer of(ConfigurableApplicationContext app) {
        MeterRegistry registry = app.getBeanProvider(MeterRegistry.class).getIfAvailable();
        if (registry == null) {
            return new RelayBatchTimer(null, null);
        }
        return new RelayBatchTimer(registry.find("reliable.messaging.relay.batch").timer(),
                registry.find("reliable.messaging.relay.sent").counter());
    }

    /** What happened since {@link #of}. */
    Delta since() {
        long count = batch == null ? 0 : batch.count() - batches;
        double nanos = batch == null ? 0 : batch.totalTime(TimeUnit.NANOSECONDS) - batchNanos;
        double sentSince = sent == null ? 0 : sent.count() - messages;
        return new Delta(count, count == 0 ? Double.NaN : nanos / count / 1e6, count == 0 ? Double.NaN : sentSince / count);
    }

    /**
     * The relay's batches over an interval.
     *
     * @param batches how many it ran
     * @param meanMillis their mean duration (claim, send with the broker's confirms, update)
     * @param messagesPerBatch messages the broker confirmed per batch
     */
    record Delta(long batches, double meanMillis, double messagesPerBatch) {
    }
}
