package org.reliablemessaging.jdbc;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A validated, serialized message about to be written as an outbox row.
 *
 * @param messageId the message id
 * @param topic destination topic
 * @param key ordering key, {@code null} for unordered messages
 * @param type logical type name
 * @param headers application headers
 * @param payload serialized payload
 * @param createdAt when it was published
 * @param availableAt earliest delivery time of a delayed message, {@code null} for as soon as committed
 * @param expiresAt latest delivery time, {@code null} for never
 */
public record OutboxEntry(UUID messageId, String topic, @Nullable String key, String type, Map<String, String> headers,
        byte[] payload, Instant createdAt, @Nullable Instant availableAt, @Nullable Instant expiresAt) {
}
