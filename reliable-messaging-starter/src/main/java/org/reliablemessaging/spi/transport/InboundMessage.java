package org.reliablemessaging.spi.transport;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;

/**
 * A message as a transport received it, before conversion: what a {@link MessageSource} hands to
 * its {@link MessageDispatcher}.
 *
 * @param topic the topic it came from (for RabbitMQ, the topic of its exchange)
 * @param key its ordering key ({@code rm-key}, or the Kafka record key), {@code null} if none
 * @param headers its headers as text
 * @param payload its payload bytes
 * @param partition the transport's unit of order it came from (Kafka {@code topic-partition},
 *        RabbitMQ queue name)
 * @param offset its position in that partition, or {@code -1} where the transport has none
 * @param receivedAt when it was received
 * @param deadLetterReason why the listener must dead-letter the message at once instead of handling it:
 *        the transport could not read it faithfully (a key that is not valid UTF-8, say), or the broker
 *        gave up on it (a RabbitMQ delivery limit); {@code null} for a message to handle
 */
public record InboundMessage(String topic, @Nullable String key, Map<String, String> headers, byte[] payload,
        String partition, long offset, Instant receivedAt, @Nullable String deadLetterReason) {

    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(receivedAt, "receivedAt");
        headers = Map.copyOf(headers);
    }

    /** A message to handle. */
    public InboundMessage(String topic, @Nullable String key, Map<String, String> headers, byte[] payload,
            String partition, long offset, Instant receivedAt) {
        this(topic, key, headers, payload, partition, offset, receivedAt, null);
    }

    /** The {@code rm-id} header, or {@code null} for a message the product did not write. */
    public @Nullable String messageId() {
        return headers.get(ReliableHeaders.ID);
    }

    /** The {@code rm-type} header, or {@code null}. */
    public @Nullable String type() {
        return headers.get(ReliableHeaders.TYPE);
    }
}
