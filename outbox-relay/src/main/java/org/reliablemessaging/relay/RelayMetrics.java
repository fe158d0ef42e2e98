package org.reliablemessaging.relay;

import java.time.Duration;

/**
 * Receives what the relay did, for metrics; the relay works the same without any.
 */
@FunctionalInterface
public interface RelayMetrics {

    /** Metrics that record nothing. */
    RelayMetrics NONE = (resolution, duration) -> {
    };

    /** Called after each batch with its resolution and how long claim, send and update took. */
    void batchCompleted(BatchResolution resolution, Duration duration);
}
