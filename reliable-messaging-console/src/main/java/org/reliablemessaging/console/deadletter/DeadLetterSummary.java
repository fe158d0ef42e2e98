package org.reliablemessaging.console.deadletter;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A dead letter in a list: everything but its headers, payload and stack; the message cut to 500 characters. */
public record DeadLetterSummary(long id, String group, String topic, @Nullable String key,
        @Nullable String messageId, @Nullable String type, String errorClass, @Nullable String errorMessage,
        @Nullable String failureGroup, int attempts, Instant firstFailedAt, Instant lastFailedAt, String status,
        @Nullable Instant resolvedAt, boolean edited) {
}
