package org.reliablemessaging.relay;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.OutboundMessage;

/**
 * A pending outbox row claimed by the relay for one batch.
 *
 * @param outboxId the row's id, which orders the messages of one key
 * @param message what to send, with its expiry
 * @param attempts failed attempts so far
 * @param holdsKey whether this row is the one holding its key back (it failed before)
 */
record ClaimedMessage(long outboxId, OutboundMessage message, int attempts, boolean holdsKey) {

    /** The message's ordering key within its topic, {@code null} for an unordered message. */
    @Nullable OrderingKey orderingKey() {
        return message.key() == null ? null : new OrderingKey(message.topic(), message.key());
    }

    boolean isExpired(Instant now) {
        Instant expiresAt = message.expiresAt();
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** A topic and key: the unit of ordering. */
    record OrderingKey(String topic, String key) {
    }
}
