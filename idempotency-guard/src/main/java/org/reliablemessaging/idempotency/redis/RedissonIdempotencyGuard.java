package org.reliablemessaging.idempotency.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.reliablemessaging.idempotency.MessageInProgressException;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * An idempotency guard that keeps a Redis marker per processed message, through Redisson: duplicates
 * are skipped, but the handler's effect and the marker cannot commit together.
 *
 * <p>How it works, under the key {@code keyPrefix + group + ":" + messageId}:
 * <ul>
 * <li>Before the handler runs, the key is set to a processing marker that expires after the
 * processing lease. A delivery that finds it throws {@link MessageInProgressException}, so that the
 * listener retries it later.</li>
 * <li>When the handler returns, the key is set to a done marker that expires after the retention.
 * A delivery that finds it is skipped.</li>
 * <li>When the handler throws, the processing marker is removed, so that a retry runs the handler.</li>
 * </ul>
 *
 * <p>What it does not guarantee, unlike the JDBC guard:
 * <ul>
 * <li>If the process dies after the handler's effect and before the done marker is written, or
 * writing it fails, the message is handled again once the processing lease has expired: the effect
 * happens twice.</li>
 * <li>A handler that runs longer than the processing lease may run at the same time as a redelivery.</li>
 * <li>Markers are as durable as Redis is: a failover or restart that loses recent writes forgets them.</li>
 * </ul>
 * A handler whose effect must happen exactly once should use the JDBC guard, or be idempotent itself.
 */
public final class RedissonIdempotencyGuard implements IdempotencyGuard {

    private static final String DONE = "done";

    private static final String PROCESSING = "processing:";

    /** Claims the key for this attempt, or else returns the marker found and how long it lasts. */
    private static final String CLAIM = """
            local marker = redis.call('GET', KEYS[1])
            if marker then
                return {marker, redis.call('PTTL', KEYS[1])}
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return nil
            """;

    /** Removes the processing marker only if it is still this attempt's, not a later attempt's after the lease. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RedissonClient redisson;

    private final RScript script;

    private final String keyPrefix;

    private final Duration processingLease;

    private final Duration retention;

    /**
     * @param processingLease how long a processing marker lasts: the longest a crashed processor
     * blocks the redelivery of its message
     * @param retention how long a done marker lasts: duplicates within it are skipped
     */
    public RedissonIdempotencyGuard(RedissonClient redisson, String keyPrefix, Duration processingLease,
            Duration retention) {
        requirePositive("reliable-messaging.idempotency.processing-lease", processingLease);
        requirePositive("reliable-messaging.idempotency.retention", retention);
        this.redisson = redisson;
        this.script = redisson.getScript(StringCodec.INSTANCE);
        this.keyPrefix = keyPrefix;
        this.processingLease = processingLease;
        this.retention = retention;
    }

    @Override
    public boolean runOnce(String group, String messageId, Runnable work) {
        requireText("group", group);
        requireText("message id", messageId);
        String key = keyPrefix + group + ":" + messageId;
        String token = PROCESSING + UUID.randomUUID();
        List<Object> found = script.eval(key, Mode.READ_WRITE, CLAIM, ReturnType.MULTI, List.of(key), token,
                Long.toString(processingLease.toMillis()));
        if (found != null && !found.isEmpty()) {
            return skip(key, group, messageId, found);
        }
        try {
            work.run();
        }
        catch (RuntimeException | Error ex) {
            release(key, token, ex);
            throw ex;
        }
        redisson.getBucket(key, StringCodec.INSTANCE).set(DONE, retention);
        return true;
    }

    private static boolean skip(String key, String group, String messageId, List<Object> found) {
        String marker = (String) found.get(0);
        if (DONE.equals(marker)) {
            return false;
        }
        if (marker.startsWith(PROCESSING)) {
            long remainingMillis = ((Number) found.get(1)).longValue();
            throw new MessageInProgressException(group, messageId, Duration.ofMillis(Math.max(remainingMillis, 0)));
        }
        throw new IllegalStateException(("Redis key '%s' holds '%s', which is no idempotency marker: is "
                + "reliable-messaging.idempotency.redis-key-prefix shared with other data?").formatted(key, marker));
    }

    private void release(String key, String token, Throwable failure) {
        try {
            script.eval(key, Mode.READ_WRITE, RELEASE, ReturnType.INTEGER, List.of(key), token);
        }
        catch (RuntimeException ex) {
            // The handler's failure is what the caller must see; retries meet the marker until its lease ends.
            failure.addSuppressed(ex);
        }
    }

    private static void requirePositive(String property, Duration value) {
        if (!value.isPositive()) {
            throw new IllegalArgumentException(property + " must be positive, but was " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The " + name + " must not be blank, but was " + value);
        }
    }
}
