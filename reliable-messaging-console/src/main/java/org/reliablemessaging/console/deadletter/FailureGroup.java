package org.reliablemessaging.console.deadletter;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The letters of one consumer group and topic that failed for one cause.
 *
 * @param failureGroup the cause's fingerprint
 * @param location the application frame of the cause, {@code null} when its message was used
 * @param message the cause's message with ids and numbers replaced
 * @param count how many letters
 * @param firstSeen the earliest first failure among them
 * @param lastSeen the latest last failure among them
 * @param sampleId the newest of them
 */
public record FailureGroup(String failureGroup, String group, String topic, String errorClass,
        @Nullable String location, @Nullable String message, long count, Instant firstSeen, Instant lastSeen,
        long sampleId) {
}
