package org.reliablemessaging.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Received messages for listener tests.
 */
final class InboundMessages {

    private InboundMessages() {
    }

    /** A message of {@code key} with a JSON payload of logical type {@code type}. */
    static InboundMessage json(String key, String type, String json) {
        return new InboundMessage("orders", key, Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(),
                ReliableHeaders.TYPE, type, ReliableHeaders.KEY, key, ReliableHeaders.SEQUENCE, "1"),
                json.getBytes(StandardCharsets.UTF_8), "orders-0", 0, Instant.now());
    }

    /** A message whose payload is its sequence number, as JSON. */
    static InboundMessage numbered(String key, int n) {
        return json(key, "Integer", Integer.toString(n));
    }
}
