package org.reliablemessaging.idempotency.redis;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the Redis guard knows of its epoch: whether it takes messages, and if not, since when and why.
 *
 * @param state whether the guard has checked Redis yet, takes messages, or holds them
 * @param key the Redis key of the epoch
 * @param epoch the epoch the guard takes messages under, or, when lost, the one it expected
 * @param reason what the guard found instead of its epoch; {@code null} unless lost
 * @param found the epoch Redis held instead; {@code null} unless lost with {@link Reason#REPLACED}
 * @param detectedAt when the loss was noticed; {@code null} unless lost
 * @param refusals how many messages the guard held back because Redis lost data, since it was made
 */
public record EpochStatus(State state, String key, @Nullable String epoch, @Nullable Reason reason,
        @Nullable String found, @Nullable Instant detectedAt, long refusals) {

    public boolean lost() {
        return state == State.LOST;
    }

    /** Whether the guard takes messages. */
    public enum State {
        /** Redis not asked yet: the guard checks its epoch when first used. */
        UNCHECKED,
        /** The epoch in Redis is the one the guard expects: messages are handled. */
        ARMED,
        /** Redis lost data: every message is held until an operator re-arms the guard. */
        LOST
    }

    /** How the guard saw that Redis lost data. */
    public enum Reason {
        /** The epoch key is gone: Redis came back empty, was flushed, or is another server. */
        MISSING,
        /** The epoch key holds another epoch: another Redis, or one re-armed without this instance. */
        REPLACED,
        /** The epoch's generation went back: Redis came back from an older snapshot, or a lagging replica took over. */
        ROLLED_BACK,
        /** Another instance saw the loss first and marked the epoch key as lost. */
        MARKED_LOST;

        /** The reason in words, for logs and errors. */
        public String describe(String key) {
            return switch (this) {
                case MISSING -> "the epoch key '" + key + "' is gone (Redis came back empty, was flushed, or is "
                        + "another server)";
                case REPLACED -> "the epoch key '" + key + "' holds another epoch (another Redis, or a re-arm "
                        + "that this instance cannot confirm)";
                case ROLLED_BACK -> "the generation under '" + key + "' went back (Redis came back from an older "
                        + "snapshot, or a replica that lagged behind took over)";
                case MARKED_LOST -> "the epoch key '" + key + "' is marked lost: another instance saw Redis lose "
                        + "data";
            };
        }
    }
}
