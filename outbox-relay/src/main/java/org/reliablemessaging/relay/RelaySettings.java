package org.reliablemessaging.relay;

import java.time.Duration;

import org.springframework.util.backoff.BackOff;

/**
 * The relay's settings, validated; the messages name the {@code reliable-messaging.relay.*} properties.
 *
 * @param shards number of shards the outbox is split into, the same for every relay of one outbox
 * @param batchSize most rows per batch
 * @param pollInterval longest wait between looks at the outbox without a commit signal
 * @param sendTimeout longest wait for the transport's report on a batch
 * @param leaseTtl lease time, of which a third is the renewal period
 * @param retries what becomes of a message whose send failed
 * @param housekeeping what is deleted from the outbox tables, and when
 */
public record RelaySettings(int shards, int batchSize, Duration pollInterval, Duration sendTimeout, Duration leaseTtl,
        Retries retries, Housekeeping housekeeping) {

    public RelaySettings {
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("reliable-messaging.relay.shards must be between 1 and 1024, was " + shards);
        }
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

    private static void requireNotNegative(String name, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("reliable-messaging.relay." + name + " must not be negative, was " + value);
        }
    }

    /**
     * What becomes of a message whose send failed.
     *
     * @param maxAttempts attempts before a message is dead
     * @param backoff wait between attempts
     * @param holdKeyAfterDead whether a dead message keeps holding the later messages of its key back
     */
    public record Retries(int maxAttempts, BackOff backoff, boolean holdKeyAfterDead) {

        public Retries {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("reliable-messaging.relay.max-attempts must be at least 1, was "
                        + maxAttempts);
            }
        }
    }

    /**
     * What is deleted from the outbox tables, and when.
     *
     * @param interval time between two rounds
     * @param retention how long sent rows are kept (zero: they are deleted when sent)
     * @param deadRetention how long dead rows are kept (zero: for ever)
     * @param keyIdle how long a key goes without messages before its key row is deleted (zero: never)
     * @param keyBatchSize most key rows looked at, and deleted, by one batch
     */
    public record Housekeeping(Duration interval, Duration retention, Duration deadRetention, Duration keyIdle,
            int keyBatchSize) {

        public Housekeeping {
            if (!interval.isPositive()) {
                throw new IllegalArgumentException("The housekeeping interval must be positive, was " + interval);
            }
            requireNotNegative("retention", retention);
            requireNotNegative("dead-retention", deadRetention);
            requireNotNegative("key-cleanup.idle", keyIdle);
            if (keyBatchSize < 1 || keyBatchSize > 10_000) {
                throw new IllegalArgumentException(
                        "reliable-messaging.relay.key-cleanup.batch-size must be between 1 and 10000, was " + keyBatchSize);
            }
        }
    }
}
