package org.reliablemessaging;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message a consumer group gave up on, as kept for inspection, replay or skipping.
 *
 * @param id the dead letter's own id, in the order the letters were stored
 * @param group the consumer group that failed it
 * @param topic the topic it came from
 * @param key its ordering key, {@code null} if it had none
 * @param messageId its {@code rm-id}, {@code null} for a message the product did not write
 * @param type its {@code rm-type}, {@code null} if it had none
 * @param headers every header it arrived with, {@code rm-} ones included
 * @param payload its payload bytes, as received
 * @param errorClass the class name of the error that made it fail
 * @param errorMessage that error's message, {@code null} if it had none
 * @param stackExcerpt the first frames of that error and its causes
 * @param attempts how many attempts were made
 * @param firstFailedAt when the first attempt failed
 * @param lastFailedAt when the last attempt failed
 * @param status whether it is still dead, was replayed or was skipped
 * @param resolvedAt when it was replayed or skipped, {@code null} while dead
 */
public record DeadLetter(long id, String group, String topic, @Nullable String key, @Nullable String messageId,
        @Nullable String type, Map<String, String> headers, byte[] payload, String errorClass,
        @Nullable String errorMessage, @Nullable String stackExcerpt, int attempts, Instant firstFailedAt,
        Instant lastFailedAt, Status status, @Nullable Instant resolvedAt) {

    public DeadLetter {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(firstFailedAt, "firstFailedAt");
        Objects.requireNonNull(lastFailedAt, "lastFailedAt");
        Objects.requireNonNull(status, "status");
        headers = Map.copyOf(headers);
    }

    /** Where a dead letter stands. */
    public enum Status {
        /** Waiting for someone to replay or skip it. */
        DEAD,
        /** Sent again to its consumer group through the outbox. */
        REPLAYED,
        /** Given up on for good. */
        SKIPPED
    }
}
