package org.reliablemessaging.relay;

import java.time.Duration;

/**
 * Receives what the relay did, for metrics; the relay works the same without any.
 */
@FunctionalInterface
public interface RelayMetrics {

    /** Metrics that record nothing. */
    RelayMetrics NONE = (sent, retried, dead, duration) -> {
    };

    /**
     * Called after each batch with how many of its messages were sent, will be retried and are dead, and
     * how long claim, send and update took.
     */
    void batchCompleted(int sent, int retried, int dead, Duration duration);
}
