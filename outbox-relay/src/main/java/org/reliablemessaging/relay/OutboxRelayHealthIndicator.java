package org.reliablemessaging.relay;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when the oldest message waiting in the outbox is older than a threshold: the relay is
 * stopped, stuck, or cannot reach the broker.
 */
public final class OutboxRelayHealthIndicator extends AbstractHealthIndicator {

    private final BacklogStatistics pending;

    private final Duration maxPendingAge;

    public OutboxRelayHealthIndicator(BacklogStatistics pending, Duration maxPendingAge) {
        super("Outbox health check failed");
        this.pending = pending;
        this.maxPendingAge = maxPendingAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Duration oldest = pending.oldestAge();
        builder.status(oldest.compareTo(maxPendingAge) > 0 ? "DOWN" : "UP")
            .withDetail("pending", pending.count())
            .withDetail("oldestPendingAge", oldest.toString())
            .withDetail("maxPendingAge", maxPendingAge.toString());
    }
}
