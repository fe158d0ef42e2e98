package org.reliablemessaging.spi;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What became of one message a {@code @ReliableListener} received, once it is settled.
 *
 * @param group the listener's consumer group
 * @param topic the topic the message came from
 * @param key its ordering key, {@code null} if none
 * @param messageId its {@code rm-id}, {@code null} for a message the product did not write
 * @param type its {@code rm-type}, {@code null} if none
 * @param result handled, skipped as a duplicate, or dead-lettered
 * @param payload the payload as the listener's parameter type, {@code null} where it could not be converted
 * @param failure why it was dead-lettered, {@code null} otherwise
 * @param attempts the attempts made, 1 for a message handled at once
 */
public record ListenerOutcome(String group, String topic, @Nullable String key, @Nullable String messageId,
        @Nullable String type, Result result, @Nullable Object payload, @Nullable Throwable failure, int attempts) {

    public ListenerOutcome {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(result, "result");
        if ((result == Result.DEAD_LETTERED) != (failure != null)) {
            throw new IllegalArgumentException("a dead-lettered outcome, and only that, has a failure");
        }
    }

    /** How a message was settled. */
    public enum Result {
        /** The listener method returned. */
        HANDLED,
        /** The idempotency guard found it processed already; the method did not run. */
        DUPLICATE,
        /** Kept as a dead letter after its last attempt, or at once. */
        DEAD_LETTERED
    }
}
