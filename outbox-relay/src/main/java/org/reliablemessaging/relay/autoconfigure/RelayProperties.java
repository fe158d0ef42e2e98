package org.reliablemessaging.relay.autoconfigure;

import java.time.Duration;

import org.reliablemessaging.autoconfigure.BackoffProperties;
import org.reliablemessaging.relay.RelaySettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * Configuration of the outbox relay.
 */
@ConfigurationProperties("reliable-messaging.relay")
public class RelayProperties {

    /**
     * Whether to run the relay in this application.
     */
    private boolean enabled = true;

    /**
     * Number of shards the outbox is split into; relay instances share them through leases.
     * Every relay of one outbox must use the same number.
     */
    private int shards = 16;

    /**
     * Most messages claimed and sent in one batch.
     */
    private int batchSize = 500;

    /**
     * How often to look for messages when no commit signal arrives: the upper bound on delivery
     * delay for messages committed by other processes without a PostgreSQL NOTIFY, and the
     * lateness of delayed messages.
     */
    private Duration pollInterval = Duration.ofMillis(500);

    /**
     * Longest wait for a transport to report on a batch before its messages count as failed; a
     * safety net, as transports time out on their own first.
     */
    private Duration sendTimeout = Duration.ofSeconds(90);

    /**
     * How long a shard lease lasts without renewal: after a relay dies, its shards move to the
     * others within about this time.
     */
    private Duration leaseTtl = Duration.ofSeconds(15);

    /**
     * Attempts at sending a message before it is dead. With the default backoff, 20 attempts span
     * about 70 minutes: a broker outage shorter than that delays messages but kills none.
     */
    private int maxAttempts = 20;

    /**
     * Whether later messages of a key wait while an earlier one is dead (true keeps order; false
     * lets them go on without it).
     */
    private boolean holdKeyAfterDead = true;

    /**
     * How long sent messages are kept in the outbox; zero deletes them as soon as they are sent.
     */
    private Duration retention = Duration.ZERO;

    /**
     * How long dead messages are kept in the outbox; zero keeps them for ever. A dead message was
     * never delivered and waits for an operator to retry or give up on it.
     */
    private Duration deadRetention = Duration.ZERO;

    /**
     * Whether to LISTEN for PostgreSQL notifications of outbox commits from other processes.
     */
    private boolean listenForCommits = true;

    private final BackoffProperties backoff = new BackoffProperties(Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final Health health = new Health();

    private final KeyCleanup keyCleanup = new KeyCleanup();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getShards() {
        return this.shards;
    }

    public void setShards(int shards) {
        this.shards = shards;
    }

    public int getBatchSize() {
        return this.batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getPollInterval() {
        return this.pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getSendTimeout() {
        return this.sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getLeaseTtl() {
        return this.leaseTtl;
    }

    public void setLeaseTtl(Duration leaseTtl) {
        this.leaseTtl = leaseTtl;
    }

    public int getMaxAttempts() {
        return this.maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public boolean isHoldKeyAfterDead() {
        return this.holdKeyAfterDead;
    }

    public void setHoldKeyAfterDead(boolean holdKeyAfterDead) {
        this.holdKeyAfterDead = holdKeyAfterDead;
    }

    public Duration getRetention() {
        return this.retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Duration getDeadRetention() {
        return this.deadRetention;
    }

    public void setDeadRetention(Duration deadRetention) {
        this.deadRetention = deadRetention;
    }

    public boolean isListenForCommits() {
        return this.listenForCommits;
    }

    public void setListenForCommits(boolean listenForCommits) {
        this.listenForCommits = listenForCommits;
    }

    @Deprecated(since = "0.2.0")
    @DeprecatedConfigurationProperty(replacement = "reliable-messaging.relay.listen-for-commits", since = "0.2.0")
    public boolean isListen() {
        return this.listenForCommits;
    }

    @Deprecated(since = "0.2.0")
    public void setListen(boolean listen) {
        this.listenForCommits = listen;
    }

    public BackoffProperties getBackoff() {
        return this.backoff;
    }

    public Health getHealth() {
        return this.health;
    }

    public KeyCleanup getKeyCleanup() {
        return this.keyCleanup;
    }

    /**
     * The settings these properties describe.
     * @param housekeepingInterval time between two rounds of housekeeping
     * @throws IllegalArgumentException naming a property that is out of range
     */
    public RelaySettings toSettings(Duration housekeepingInterval) {
        return new RelaySettings(shards, batchSize, pollInterval, sendTimeout, leaseTtl,
                new RelaySettings.Retries(maxAttempts, backoff.toBackOff(), holdKeyAfterDead),
                new RelaySettings.Housekeeping(housekeepingInterval, retention, deadRetention, keyCleanup.getIdle(),
                        keyCleanup.getBatchSize()));
    }

    /** Deletion of the rows that ordering keys keep in the outbox_key table. */
    public static class KeyCleanup {

        /**
         * How long a key goes without messages, and with nothing pending, before its row is
         * deleted; zero keeps key rows for ever. A key used again continues above the topic's floor.
         * Must exceed the longest transaction that publishes.
         */
        private Duration idle = Duration.ofHours(1);

        /**
         * Most key rows looked at, and deleted, in one batch; a round every minute runs up to 10.
         */
        private int batchSize = 1000;

        public Duration getIdle() {
            return this.idle;
        }

        public void setIdle(Duration idle) {
            this.idle = idle;
        }

        public int getBatchSize() {
            return this.batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    /** The relay's health indicator. */
    public static class Health {

        /**
         * Age of the oldest pending message beyond which the relay reports DOWN.
         */
        private Duration maxPendingAge = Duration.ofMinutes(5);

        public Duration getMaxPendingAge() {
            return this.maxPendingAge;
        }

        public void setMaxPendingAge(Duration maxPendingAge) {
            this.maxPendingAge = maxPendingAge;
        }
    }
}
