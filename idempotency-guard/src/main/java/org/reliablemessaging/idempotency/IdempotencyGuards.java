package org.reliablemessaging.idempotency;

/**
 * The bean names under which the auto-configuration registers the guards, so that listeners can
 * pick the one {@code reliable-messaging.idempotency.store} selects.
 */
public final class IdempotencyGuards {

    /** The guard that records processed messages in the database, in the handler's transaction. */
    public static final String JDBC = "jdbcIdempotencyGuard";

    /** The guard that records processed messages as Redis markers through Redisson. */
    public static final String REDIS = "redisIdempotencyGuard";

    private IdempotencyGuards() {
    }
}
