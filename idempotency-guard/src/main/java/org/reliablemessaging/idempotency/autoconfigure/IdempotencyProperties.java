package org.reliablemessaging.idempotency.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.idempotency.jdbc.GuardBatching;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How idempotent listeners remember the messages they processed.
 */
@ConfigurationProperties("reliable-messaging.idempotency")
public class IdempotencyProperties {

    /**
     * Where processed messages are recorded; when unset, the database if there is one, else none.
     */
    private @Nullable Store store;

    /**
     * How long a processed message is remembered; a duplicate arriving later is processed again.
     */
    private Duration retention = Duration.ofDays(7);

    /**
     * How long a Redis processing marker lasts: a listener that crashed mid-message blocks its
     * redelivery for at most this long.
     */
    private Duration processingLease = Duration.ofMinutes(5);

    /**
     * Prefix of the Redis keys of processed messages.
     */
    private String redisKeyPrefix = "rm:processed:";

    private final Batch batch = new Batch();

    public @Nullable Store getStore() {
        return this.store;
    }

    public void setStore(@Nullable Store store) {
        this.store = store;
    }

    public Duration getRetention() {
        return this.retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Duration getProcessingLease() {
        return this.processingLease;
    }

    public void setProcessingLease(Duration processingLease) {
        this.processingLease = processingLease;
    }

    public String getRedisKeyPrefix() {
        return this.redisKeyPrefix;
    }

    public void setRedisKeyPrefix(String redisKeyPrefix) {
        this.redisKeyPrefix = redisKeyPrefix;
    }

    public Batch getBatch() {
        return this.batch;
    }

    /**
     * Messages of different keys that are ready together, handled in one transaction of the database guard:
     * their processed-message rows in one batch, one commit for all.
     */
    public static class Batch {

        /**
         * Whether the database guard handles messages ready together in one transaction.
         */
        private boolean enabled;

        /**
         * Most messages in one transaction.
         */
        private int maxSize = 32;

        /**
         * Longest a batch waits for more messages before it starts; zero takes what is ready.
         */
        private Duration maxWait = Duration.ZERO;

        /**
         * How many batches run at once, each holding a connection while it runs.
         */
        private int threads = 2;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxSize() {
            return this.maxSize;
        }

        public void setMaxSize(int maxSize) {
            this.maxSize = maxSize;
        }

        public Duration getMaxWait() {
            return this.maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public int getThreads() {
            return this.threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        /** The settings these properties describe; {@link GuardBatching#OFF} unless enabled. */
        public GuardBatching toSettings() {
            return enabled ? new GuardBatching(maxSize, maxWait, threads) : GuardBatching.OFF;
        }
    }

    /** Where processed messages are recorded. */
    public enum Store {
        /** A row in the listener's transaction: exactly one effect. */
        DATABASE,
        /**
         * A row in the database, as {@link #DATABASE}.
         * @deprecated since 0.2.0, in favour of {@link #DATABASE}
         */
        @Deprecated(since = "0.2.0")
        JDBC,
        /** A Redis marker through Redisson: duplicates skipped, effect not atomic with it. */
        REDIS,
        /** Nowhere: every delivery is handled. */
        NONE
    }
}
