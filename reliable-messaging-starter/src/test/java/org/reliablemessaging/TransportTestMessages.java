package org.reliablemessaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.OutboundMessage;

/**
 * Outbound messages for the transport tests, whose payloads name their key and sequence.
 */
public final class TransportTestMessages {

    private TransportTestMessages() {
    }

    /** A message with an application header and a JSON payload naming its key and sequence. */
    public static OutboundMessage message(String topic, @Nullable String key, long sequence) {
        String payload = "{\"key\":\"" + key + "\",\"seq\":" + sequence + "}";
        return new OutboundMessage(UUID.randomUUID(), topic, key, key == null ? 0 : sequence, "TestEvent",
                Map.of("tenant", "acme"), payload.getBytes(StandardCharsets.UTF_8),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** {@code count} messages spread round-robin over {@code keys} keys, numbered per key from 1. */
    public static List<OutboundMessage> keyedMessages(String topic, int count, int keys) {
        long[] sequences = new long[keys];
        return IntStream.range(0, count)
                .mapToObj(i -> message(topic, "key-" + (i % keys), ++sequences[i % keys]))
                .toList();
    }
}
