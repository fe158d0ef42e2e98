package org.reliablemessaging.idempotency.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.idempotency.GuardStoreUnavailableException;
import org.reliablemessaging.idempotency.MessageInProgressException;
import org.reliablemessaging.idempotency.RedisDataLossException;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Every claim also checks, in the same script, the epoch under {@code keyPrefix + "epoch"}: a random
 * id written once and a generation raised once a second. When Redis lost its data, the epoch is gone,
 * another, or its generation went back, and from then on the guard throws {@link RedisDataLossException}
 * for every message, so that listeners hold them, until {@link #acceptDataLoss()}. With an
 * {@link EpochStore}, a loss while no instance ran is noticed too.
 *
 * <p>While Redis cannot be reached (down, loading, failing over), a claim throws
 * {@link GuardStoreUnavailableException}: listeners keep the message without using an attempt.
 *
 * <p>What it does not guarantee, unlike the JDBC guard:
 * <ul>
 * <li>If the process dies after the handler's effect and before the done marker is written, or Redis
 * cannot be reached to write it, a redelivery is handled again once the processing lease has expired:
 * the effect happens twice.</li>
 * <li>A handler that runs longer than the processing lease may run at the same time as a redelivery.</li>
 * <li>Markers are as durable as Redis is. A loss of less than about two seconds of writes (a replica
 * lagging behind, {@code appendfsync everysec}), or any loss while no instance ran and without an
 * {@link EpochStore}, goes unnoticed.</li>
 * </ul>
 * A handler whose effect must happen exactly once should use the JDBC guard, or be idempotent itself.
 */
public final class RedissonIdempotencyGuard implements IdempotencyGuard {

    private static final Logger log = LoggerFactory.getLogger(RedissonIdempotencyGuard.class);

    private static final String DONE = "done";

    private static final String PROCESSING = "processing:";

    /**
     * Checks the epoch, then claims the key for this attempt, or else returns the marker found and how
     * long it lasts; the generation comes last.
     */
    private static final String CLAIM = EpochScripts.CHECK + """
            local marker = redis.call('GET', KEYS[1])
            if marker then
                return {marker, redis.call('PTTL', KEYS[1]), gen}
            end
            redis.call('SET', KEYS[1], ARGV[5], 'PX', ARGV[6])
            return {'', 0, gen}
            """;

    /**
     * Marks the message done whatever the epoch, since the handler ran (after a re-arm, this message at
     * least is skipped), then checks the epoch.
     */
    private static final String FINISH = """
            redis.call('SET', KEYS[1], 'done', 'PX', ARGV[5])
            """ + EpochScripts.VERIFY;

    /** Removes the processing marker only if it is still this attempt's, not a later attempt's after the lease. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final RScript script;

    private final String keyPrefix;

    private final String epochKey;

    private final Duration processingLease;

    private final Duration retention;

    private final EpochKeeper epoch;

    /**
     * @param processingLease how long a processing marker lasts: the longest a crashed processor
     * blocks the redelivery of its message
     * @param retention how long a done marker lasts: duplicates within it are skipped
     * @param store where the accepted epoch is kept outside Redis, if anywhere
     */
    public RedissonIdempotencyGuard(RedissonClient redisson, String keyPrefix, Duration processingLease,
            Duration retention, @Nullable EpochStore store, Clock clock) {
        requirePositive("reliable-messaging.idempotency.processing-lease", processingLease);
        requirePositive("reliable-messaging.idempotency.retention", retention);
        requireHashTagOnCluster(redisson.getConfig(), keyPrefix);
        this.script = redisson.getScript(StringCodec.INSTANCE);
        this.keyPrefix = keyPrefix;
        this.epochKey = epochKey(keyPrefix);
        this.processingLease = processingLease;
        this.retention = retention;
        this.epoch = new EpochKeeper(script, epochKey, store, clock);
    }

    /** The Redis key of the epoch of the guard with {@code keyPrefix}. */
    public static String epochKey(String keyPrefix) {
        return keyPrefix + "epoch";
    }

    @Override
    public boolean runOnce(String group, String messageId, Runnable work) {
        requireText("group", group);
        requireText("message id", messageId);
        String key = keyPrefix + group + ":" + messageId;
        String token = PROCESSING + UUID.randomUUID();
        EpochKeeper.Armed armed;
        List<Object> found;
        try {
            do {
                armed = epoch.armed();
                found = eval(CLAIM, key, armed, token, Long.toString(processingLease.toMillis()));
            }
            while (epoch.confirm(armed, found) != EpochKeeper.Outcome.CONFIRMED);
        }
        catch (RedisConnectionException | RedisTimeoutException | RedisRetryException | RedisReadonlyException
                | RedisReconnectedException | RedisNodeNotFoundException ex) {
            // Redis cannot be reached, is loading, failing over or read-only: nothing was claimed.
            throw new GuardStoreUnavailableException("Redis", group, messageId, ex);
        }
        String marker = (String) found.get(0);
        if (!marker.isEmpty()) {
            return skip(key, group, messageId, marker, ((Number) found.get(1)).longValue());
        }
        try {
            work.run();
        }
        catch (RuntimeException | Error ex) {
            release(key, token, ex);
            throw ex;
        }
        finish(key, armed, group, messageId);
        return true;
    }

    /**
     * Checks the epoch in Redis now (or, while lost, whether the guard was re-armed elsewhere) and tells
     * whether the guard takes messages.
     */
    public EpochStatus check() {
        return epoch.check();
    }

    /** What the guard knows without asking Redis. */
    public EpochStatus status() {
        return epoch.status();
    }

    /**
     * Re-arms the guard after Redis lost data: messages are handled again, and those whose markers were
     * lost are handled a second time if they are redelivered. Nothing happens unless the guard is lost.
     */
    public EpochStatus acceptDataLoss() {
        return epoch.acceptDataLoss();
    }

    private List<Object> eval(String lua, String key, EpochKeeper.Armed armed, String... values) {
        List<Object> arguments = new ArrayList<>(epoch.arguments(armed));
        arguments.addAll(List.of(values));
        return script.eval(key, Mode.READ_WRITE, lua, ReturnType.MULTI, List.of(key, epochKey), arguments.toArray());
    }

    private void finish(String key, EpochKeeper.Armed armed, String group, String messageId) {
        try {
            // A loss seen here holds the next messages; this one was handled, so it is acknowledged.
            epoch.confirm(armed, eval(FINISH, key, armed, Long.toString(retention.toMillis())));
        }
        catch (RuntimeException ex) {
            // Throwing would have the listener run the handler again after the lease: a certain duplicate
            // for a possible one, should the broker redeliver this message.
            log.warn("Message {} of group {} was handled, but its done marker could not be written to Redis: a "
                    + "redelivery after the processing lease ({}) would be handled again: {}", messageId, group,
                    processingLease, ex.toString());
        }
    }

    private static boolean skip(String key, String group, String messageId, String marker, long remainingMillis) {
        if (DONE.equals(marker)) {
            return false;
        }
        if (marker.startsWith(PROCESSING)) {
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

    /** On a cluster the scripts' two keys must share a slot, which only a hash tag in the prefix ensures. */
    static void requireHashTagOnCluster(@Nullable Config config, String keyPrefix) {
        int open = keyPrefix.indexOf('{');
        boolean tagged = open >= 0 && keyPrefix.indexOf('}', open + 2) > 0;
        if (config != null && config.isClusterConfig() && !tagged) {
            throw new IllegalArgumentException(("On a Redis Cluster, reliable-messaging.idempotency.redis-key-prefix "
                    + "needs a hash tag, so that each marker shares a slot with the guard's epoch: for example "
                    + "'{%s}:' instead of '%s'").formatted(keyPrefix.replaceAll(":+$", ""), keyPrefix));
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
