package org.reliablemessaging.relay;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Relay metrics in Micrometer: {@code reliable.messaging.relay.sent}, {@code .retried},
 * {@code .dead} counters, the {@code .batch} timer, and the {@code .pending} and
 * {@code .oldest.pending.age} (seconds) gauges.
 */
public final class MicrometerRelayMetrics implements RelayMetrics {

    private static final String PREFIX = "reliable.messaging.relay.";

    private final Counter sent;

    private final Counter retried;

    private final Counter dead;

    private final Timer batch;

    public MicrometerRelayMetrics(MeterRegistry registry, BacklogStatistics pending) {
        this.sent = Counter.builder(PREFIX + "sent").description("Messages the broker confirmed").register(registry);
        this.retried = Counter.builder(PREFIX + "retried").description("Failed sends that will be retried")
            .register(registry);
        this.dead = Counter.builder(PREFIX + "dead").description("Messages that will never be sent").register(registry);
        this.batch = Timer.builder(PREFIX + "batch").description("Claim, send and update of one batch")
            .register(registry);
        Gauge.builder(PREFIX + "pending", pending, BacklogStatistics::count)
            .description("Messages waiting in the outbox")
            .register(registry);
        Gauge.builder(PREFIX + "oldest.pending.age", pending, p -> p.oldestAge().toMillis() / 1000.0)
            .description("Age of the oldest waiting message")
            .baseUnit("seconds")
            .register(registry);
    }

    @Override
    public void batchCompleted(int sentMessages, int retriedMessages, int deadMessages, Duration duration) {
        sent.increment(sentMessages);
        retried.increment(retriedMessages);
        dead.increment(deadMessages);
        batch.record(duration);
    }
}
