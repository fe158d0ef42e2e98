package org.reliablemessaging.listener;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Receives what a listener did, for metrics; listeners work the same without any.
 */
public interface ListenerMetrics {

    /** Metrics that record nothing. */
    ListenerMetrics NONE = new ListenerMetrics() {
    };

    default void received() {
    }

    default void handled(Duration duration) {
    }

    default void retried() {
    }

    default void deadLettered() {
    }

    default void duplicate() {
    }

    /** Creates the metrics of each listener. */
    @FunctionalInterface
    interface Factory {

        /** Creates no metrics. */
        Factory NONE = (topic, group, inFlight) -> ListenerMetrics.NONE;

        /** The metrics of the listener of {@code group} on {@code topic}, given how to read its messages in flight. */
        ListenerMetrics create(String topic, String group, IntSupplier inFlight);
    }
}
