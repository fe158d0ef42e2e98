package org.reliablemessaging.listener;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one listener endpoint to its transport: subscribes its group to the topic and to the
 * group's retry topic, and feeds the messages to its dispatcher.
 */
final class ListenerContainer {

    private static final Logger log = LoggerFactory.getLogger(ListenerContainer.class);

    private final ListenerEndpoint endpoint;

    private final KeyedDispatcher dispatcher;

    private final MessageSource source;

    private final Duration shutdownTimeout;

    private final Supplier<ListenerActivity.Snapshot> activity;

    private volatile boolean running;

    ListenerContainer(ListenerEndpoint endpoint, KeyedDispatcher dispatcher, MessageSourceFactory sources, int maxInFlight,
            Duration shutdownTimeout, Supplier<ListenerActivity.Snapshot> activity) {
        this.endpoint = endpoint;
        this.dispatcher = dispatcher;
        this.activity = activity;
        this.shutdownTimeout = shutdownTimeout;
        Subscription subscription = new Subscription(endpoint.group(),
                List.of(endpoint.topic(), Subscription.retryTopic(endpoint.topic(), endpoint.group())), maxInFlight);
        this.source = sources.create(subscription, dispatcher);
        dispatcher.flowControl(source);
    }

    void start() {
        source.start();
        running = true;
        log.info("Listener {} consumes {} for group {} ({} ordering, concurrency {}, idempotency {})",
                endpoint.describe(), endpoint.topic(), endpoint.group(), endpoint.ordering(), endpoint.concurrency(),
                endpoint.idempotency());
    }

    /** Stops fetching, lets messages in flight finish for a while, and leaves the rest to redelivery. */
    void stop() {
        running = false;
        source.stop();
        try {
            if (!dispatcher.awaitIdle(shutdownTimeout)) {
                log.warn("Listener {} stopped with {} messages unfinished after {}; they will be redelivered",
                        endpoint.describe(), dispatcher.inFlight(), shutdownTimeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Messages received and not yet settled. */
    int inFlight() {
        return dispatcher.inFlight();
    }

    boolean isRunning() {
        return running;
    }

    ListenerActivity.Snapshot activity() {
        return activity.get();
    }

    ListenerEndpoint endpoint() {
        return endpoint;
    }
}
