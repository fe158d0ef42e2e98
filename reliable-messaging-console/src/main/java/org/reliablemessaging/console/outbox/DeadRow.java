package org.reliablemessaging.console.outbox;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.PayloadView;

/**
 * A {@code DEAD} outbox row: a message the relay gave up sending.
 *
 * @param holdsKey whether the key's later messages wait for it
 * @param headers its application headers, only in the detail
 * @param payload its payload as its topic may be shown, only in the detail
 */
public record DeadRow(long id, String messageId, String topic, @Nullable String key, long seq, String type,
        int attempts, @Nullable String lastError, Instant createdAt, @Nullable Instant deadAt, boolean holdsKey,
        @Nullable Map<String, String> headers, @Nullable PayloadView payload) {
}
