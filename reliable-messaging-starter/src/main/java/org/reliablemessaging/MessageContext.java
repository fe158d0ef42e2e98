package org.reliablemessaging;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link ReliableListener} method may know about the message it handles besides the payload.
 *
 * @param messageId the message id ({@code rm-id}), stable across redeliveries
 * @param topic the topic it was published to
 * @param key its ordering key, {@code null} for an unordered message
 * @param sequence its per-key sequence ({@code rm-seq}), {@code 0} for an unkeyed message
 * @param type its logical type name
 * @param headers every header it carries
 * @param attempt which attempt at handling it this is, from 1
 * @param receivedAt when this instance received it
 */
public record MessageContext(String messageId, String topic, @Nullable String key, long sequence, String type,
        Map<String, String> headers, int attempt, Instant receivedAt) {

    public MessageContext {
        headers = Map.copyOf(headers);
    }
}
