package org.reliablemessaging.listener;

import java.time.Duration;

/**
 * Receives what a listener did, for metrics; listeners work the same without any.
 */
interface ListenerMetrics {

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
}
