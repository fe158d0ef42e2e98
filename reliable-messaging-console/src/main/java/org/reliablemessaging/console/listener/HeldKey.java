package org.reliablemessaging.console.listener;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A key a listener holds back while it retries a failing message.
 *
 * @param instance the instance retrying it
 * @param attempts the attempts made so far
 * @param since when it was first held back
 * @param nextAttemptAt when the next attempt is due
 * @param deadLetterRequestedAt when an operator asked to dead-letter the message, {@code null} if nobody did
 */
public record HeldKey(long id, String group, String topic, @Nullable String key, @Nullable String messageId,
        String instance, int attempts, Instant since, Instant nextAttemptAt, @Nullable String lastError,
        @Nullable Instant deadLetterRequestedAt) {
}
