package org.reliablemessaging.listener;

import java.time.Duration;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Listener metrics in Micrometer, tagged with topic and group: {@code reliable.messaging.listener.received},
 * {@code .retried}, {@code .dead.lettered}, {@code .duplicates} counters, the {@code .handler} timer
 * (its count is the messages handled) and the {@code .in.flight} gauge.
 */
public final class MicrometerListenerMetrics implements ListenerMetrics {

    private static final String PREFIX = "reliable.messaging.listener.";

    private final Counter received;

    private final Counter retried;

    private final Counter deadLettered;

    private final Counter duplicates;

    private final Timer handler;

    public MicrometerListenerMetrics(MeterRegistry registry, String topic, String group, IntSupplier inFlight) {
        Tags tags = Tags.of("topic", topic, "group", group);
        this.received = registry.counter(PREFIX + "received", tags);
        this.retried = registry.counter(PREFIX + "retried", tags);
        this.deadLettered = registry.counter(PREFIX + "dead.lettered", tags);
        this.duplicates = registry.counter(PREFIX + "duplicates", tags);
        this.handler = registry.timer(PREFIX + "handler", tags);
        // Held strongly: Micrometer keeps gauge state weakly, and nothing else holds this supplier.
        Gauge.builder(PREFIX + "in.flight", inFlight, IntSupplier::getAsInt)
            .description("Messages received and not yet acknowledged")
            .strongReference(true)
            .tags(tags)
            .register(registry);
    }

    @Override
    public void received() {
        received.increment();
    }

    @Override
    public void handled(Duration duration) {
        handler.record(duration);
    }

    @Override
    public void retried() {
        retried.increment();
    }

    @Override
    public void deadLettered() {
        deadLettered.increment();
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }
}
