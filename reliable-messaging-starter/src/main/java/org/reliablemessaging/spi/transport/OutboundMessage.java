package org.reliablemessaging.spi.transport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;

/**
 * A committed outbox message on its way to a broker: what a {@link MessageSender} sends.
 *
 * @param id the message id
 * @param topic destination topic
 * @param key ordering key, {@code null} for unordered messages
 * @param sequence per-key sequence number (1, 2, …), 0 for unordered messages
 * @param type logical type name
 * @param headers application headers (without the {@code rm-} ones)
 * @param payload serialized payload
 * @param publishedAt when the publishing transaction wrote the message
 * @param expiresAt when the message stops being worth handling, {@code null} for never
 */
public record OutboundMessage(UUID id, String topic, @Nullable String key, long sequence, String type,
        Map<String, String> headers, byte[] payload, Instant publishedAt, @Nullable Instant expiresAt) {

    public OutboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(publishedAt, "publishedAt");
        headers = Map.copyOf(headers);
    }

    /** A message that never expires. */
    public OutboundMessage(UUID id, String topic, @Nullable String key, long sequence, String type,
            Map<String, String> headers, byte[] payload, Instant publishedAt) {
        this(id, topic, key, sequence, type, headers, payload, publishedAt, null);
    }

    /** The application headers followed by the {@code rm-} headers every transport sends. */
    public Map<String, String> allHeaders() {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(ReliableHeaders.ID, id.toString());
        all.put(ReliableHeaders.TYPE, type);
        if (key != null) {
            all.put(ReliableHeaders.KEY, key);
            all.put(ReliableHeaders.SEQUENCE, Long.toString(sequence));
        }
        all.put(ReliableHeaders.PUBLISHED_AT, publishedAt.toString());
        if (expiresAt != null) {
            all.put(ReliableHeaders.EXPIRES_AT, expiresAt.toString());
        }
        return all;
    }
}
