package org.reliablemessaging.relay;

import java.time.Duration;

/**
 * The relay loop's timing and sizing, validated.
 *
 * @param batchSize most rows per batch
 * @param pollInterval longest wait between looks at the outbox without a commit signal
 * @param sendTimeout longest wait for the transport's report on a batch
 * @param leaseTtl lease time, of which a third is the renewal period
 */
public record RelaySettings(int batchSize, Duration pollInterval, Duration sendTimeout, Duration leaseTtl) {

    public RelaySettings {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("reliable-messaging.relay.batch-size must be between 1 and 10000, was " + batchSize);
        }
        requirePositive("poll-interval", pollInterval);
        requirePositive("send-timeout", sendTimeout);
        if (leaseTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("reliable-messaging.relay.lease-ttl must be at least 1s, was " + leaseTtl);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("reliable-messaging.relay." + name + " must be positive, was " + value);
        }
    }
}
