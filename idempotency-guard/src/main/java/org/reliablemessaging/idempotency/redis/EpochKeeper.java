package org.reliablemessaging.idempotency.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.idempotency.RedisDataLossException;
import org.reliablemessaging.idempotency.redis.EpochStatus.Reason;
import org.reliablemessaging.idempotency.redis.EpochStatus.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis guard's proof that Redis still holds its markers: a hash under the epoch key with a random
 * id written once, and a generation the scripts raise once a second. A missing or other id means Redis
 * lost its data; a generation lower than one already seen means it went back in time. Either way the
 * guard holds every message until {@link #acceptDataLoss()}.
 */
final class EpochKeeper {

    /** How long a held message waits before it is offered to the guard again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final String LOST = "lost:";

    private static final String MISSING_MARK = "missing:";

    private static final String ROLLED_BACK_MARK = "rolled-back:";

    /** Names this instance in the lost marks it writes, so that it reports its own finding as such. */
    private final String instance = UUID.randomUUID().toString();

    private static final String ROTATE_MILLIS = "1000";

    private static final Logger log = LoggerFactory.getLogger(EpochKeeper.class);

    private final RScript script;

    private final String key;

    private final @Nullable EpochStore store;

    private final Clock clock;

    private volatile Phase phase = new Unchecked();

    private final AtomicLong refusals = new AtomicLong();

    private volatile long nextRecheck;

    EpochKeeper(RScript script, String key, @Nullable EpochStore store, Clock clock) {
        this.script = script;
        this.key = key;
        this.store = store;
        this.clock = clock;
    }

    /** What a script's check of the epoch came to. */
    enum Outcome {
        CONFIRMED, ADOPTED, LOST
    }

    /**
     * The epoch to work under, checking Redis first if not done yet.
     * @throws RedisDataLossException while Redis's loss of data is not accepted
     */
    Armed armed() {
        if (phase instanceof Unchecked) {
            arm();
        }
        if (phase instanceof Lost && store != null) {
            recheck();
        }
        Phase current = phase;
        if (current instanceof Armed armed) {
            return armed;
        }
        Lost lost = (Lost) current;
        refusals.incrementAndGet();
        throw new RedisDataLossException(lost.reason().describe(key) + ", noticed at " + lost.at(), RETRY_AFTER);
    }

    /** ARGV[1..4] of {@link EpochScripts#CHECK} for work under {@code armed}. */
    List<Object> arguments(Armed armed) {
        return List.of(armed.epoch(), Long.toString(armed.seen().get()), mark(), ROTATE_MILLIS);
    }

    /**
     * Reads what a script starting with {@link EpochScripts#CHECK} returned: the generation last, or
     * {0, id, gen} if the epoch failed the check.
     */
    Outcome confirm(Armed armed, List<Object> result) {
        if (result.get(0) instanceof Long failed && failed == 0) {
            return mismatch(armed, (String) result.get(1), ((Number) result.get(2)).longValue());
        }
        armed.seen().accumulateAndGet(((Number) result.get(result.size() - 1)).longValue(), Math::max);
        return Outcome.CONFIRMED;
    }

    /** Checks the epoch in Redis now and tells what the guard knows. */
    EpochStatus check() {
        if (phase instanceof Armed armed) {
            // VERIFY reads the epoch as KEYS[2], the place it has after a marker's key in the guard's scripts.
            confirm(armed, script.eval(key, Mode.READ_WRITE, EpochScripts.VERIFY, ReturnType.MULTI,
                    List.of(key, key), arguments(armed).toArray()));
        }
        else if (phase instanceof Unchecked) {
            arm();
        }
        else if (store != null) {
            recheck();
        }
        return status();
    }

    EpochStatus status() {
        return switch (phase) {
            case Unchecked unchecked -> new EpochStatus(State.UNCHECKED, key, null, null, null, null, refusals.get());
            case Armed armed -> new EpochStatus(State.ARMED, key, armed.epoch(), null, null, null, refusals.get());
            case Lost lost -> new EpochStatus(State.LOST, key, lost.epoch(), lost.reason(), lost.found(), lost.at(),
                    refusals.get());
        };
    }

    /** Re-arms a lost guard on a new epoch, or on the one re-armed elsewhere; nothing when not lost. */
    synchronized EpochStatus acceptDataLoss() {
        if (phase instanceof Unchecked) {
            arm();
        }
        if (phase instanceof Lost lost) {
            Epoch accepted = Epoch.of(script.eval(key, Mode.READ_WRITE, EpochScripts.ACCEPT, ReturnType.MULTI,
                    List.of(key), UUID.randomUUID().toString()));
            if (store != null) {
                store.save(Objects.requireNonNull(accepted.id(), "the accept script always returns an epoch"));
            }
            adopt(accepted);
            log.warn("Redis idempotency guard re-armed on epoch {} after {}: messages are handled again; those "
                    + "whose markers were lost are handled a second time if redelivered", accepted.id(),
                    lost.reason().describe(key));
        }
        return status();
    }

    private synchronized void arm() {
        if (!(phase instanceof Unchecked)) {
            return;
        }
        String durable = store != null ? store.load() : null;
        Epoch found = Epoch.of(script.eval(key, Mode.READ_WRITE, EpochScripts.INIT, ReturnType.MULTI,
                List.of(key), durable == null ? UUID.randomUUID().toString() : "", LOST + MISSING_MARK + mark()));
        if (found.id() == null || found.id().startsWith(LOST) || durable != null && !durable.equals(found.id())) {
            lose(durable, found.id());
            return;
        }
        if (durable == null && store != null) {
            store.save(found.id());
        }
        adopt(found);
    }

    private synchronized Outcome mismatch(Armed armed, @Nullable String found, long generation) {
        if (phase != armed) {
            // Another thread saw it first and re-armed or lost the guard.
            return phase instanceof Armed ? Outcome.ADOPTED : Outcome.LOST;
        }
        String epoch = armed.epoch();
        if (found != null && !found.equals(epoch) && !found.startsWith(LOST) && confirmedElsewhere(found)) {
            adopt(new Epoch(found, generation));
            return Outcome.ADOPTED;
        }
        lose(epoch, found);
        return Outcome.LOST;
    }

    /** Whether another instance re-armed the guard on {@code found}: only the durable store can tell. */
    private boolean confirmedElsewhere(String found) {
        if (store == null) {
            return false;
        }
        try {
            return found.equals(store.load());
        }
        catch (RuntimeException ex) {
            // Not confirmed is the safe answer: the guard holds messages and asks again later.
            log.warn("Could not read the accepted Redis epoch from the database to confirm epoch {}", found, ex);
            return false;
        }
    }

    /** While lost, with a durable store: adopts the epoch Redis and the store agree on, if new. */
    private synchronized void recheck() {
        if (clock.millis() < nextRecheck) {
            return;
        }
        nextRecheck = clock.millis() + RETRY_AFTER.toMillis();
        if (!(phase instanceof Lost lost) || store == null) {
            return;
        }
        try {
            Epoch current = Epoch.of(script.eval(key, Mode.READ_ONLY, EpochScripts.PEEK, ReturnType.MULTI,
                    List.of(key)));
            if (current.id() != null && !current.id().startsWith(LOST) && !current.id().equals(lost.epoch())
                    && current.id().equals(store.load())) {
                adopt(current);
                log.info("Redis idempotency guard re-armed elsewhere on epoch {}: messages are handled again",
                        current.id());
            }
        }
        catch (RuntimeException ex) {
            // Still lost either way; the held message must be deferred, not failed, so that it uses no attempt.
            log.warn("Could not check whether the Redis idempotency guard was re-armed elsewhere; asking again "
                    + "in {}: {}", RETRY_AFTER, ex.toString());
        }
    }

    private void adopt(Epoch epoch) {
        phase = new Armed(Objects.requireNonNull(epoch.id(), "only an epoch Redis holds is adopted"),
                new AtomicLong(epoch.generation()));
    }

    /** Who marks the epoch lost, and when: the end of a lost mark. */
    private String mark() {
        return instance + "@" + clock.instant();
    }

    private void lose(@Nullable String expected, @Nullable String found) {
        Reason reason = found == null ? Reason.MISSING : found.startsWith(LOST) ? markedBy(found)
                : found.equals(expected) ? Reason.ROLLED_BACK : Reason.REPLACED;
        Lost lost = new Lost(expected, reason, reason == Reason.REPLACED ? found : null, clock.instant());
        phase = lost;
        nextRecheck = clock.millis() + RETRY_AFTER.toMillis();
        log.error("Redis lost the idempotency guard's data: {} (expected epoch {}). Listeners using the Redis guard "
                + "now hold every message, unacknowledged and without using attempts, until the guard is re-armed. "
                + "Find out why Redis lost data (persistence off, a failover to an empty or lagging replica, FLUSHALL, "
                + "eviction), then re-arm: POST /actuator/redisguard or RedissonIdempotencyGuard.acceptDataLoss(). "
                + "Messages whose markers were lost are then handled again if they are redelivered.",
                reason.describe(key), expected == null ? "none yet" : expected);
    }

    /**
     * The reason of a lost mark: what this instance found, when it wrote the mark (another of its threads may
     * read the mark before the writer reports), else {@link Reason#MARKED_LOST}.
     */
    private Reason markedBy(String lostMark) {
        String rest = lostMark.substring(LOST.length());
        if (rest.startsWith(MISSING_MARK + instance + "@")) {
            return Reason.MISSING;
        }
        if (rest.startsWith(ROLLED_BACK_MARK + instance + "@")) {
            return Reason.ROLLED_BACK;
        }
        return Reason.MARKED_LOST;
    }

    /** An epoch as a script returned it: {id, generation}, the id null when there is none. */
    private record Epoch(@Nullable String id, long generation) {

        static Epoch of(List<Object> result) {
            return new Epoch((String) result.get(0), ((Number) result.get(1)).longValue());
        }
    }

    private sealed interface Phase permits Unchecked, Armed, Lost {
    }

    private record Unchecked() implements Phase {
    }

    /** Armed on {@code epoch}; {@code seen} is its highest generation seen, which must never go back. */
    record Armed(String epoch, AtomicLong seen) implements Phase {
    }

    private record Lost(@Nullable String epoch, Reason reason, @Nullable String found, Instant at) implements Phase {
    }
}
