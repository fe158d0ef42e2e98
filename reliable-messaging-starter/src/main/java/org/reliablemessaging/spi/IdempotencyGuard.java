package org.reliablemessaging.spi;

/**
 * Runs a handler at most once per message and consumer group: the duplicate filter of
 * idempotent listeners.
 */
@FunctionalInterface
public interface IdempotencyGuard {

    /** The bean name of the guard that records processed messages in the database. */
    String JDBC_BEAN_NAME = "jdbcIdempotencyGuard";

    /** The bean name of the guard that records processed messages in Redis. */
    String REDIS_BEAN_NAME = "redisIdempotencyGuard";

    /**
     * Runs {@code work} unless {@code messageId} was already processed by {@code group}, and
     * records it as processed when {@code work} returns.
     * @return {@code true} if {@code work} ran, {@code false} if the message was a duplicate
     * @throws RuntimeException whatever {@code work} threw; the message is then not recorded
     */
    boolean runOnce(String group, String messageId, Runnable work);
}
