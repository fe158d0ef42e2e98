package org.reliablemessaging.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.LongString;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.internal.Utf8;
import org.reliablemessaging.spi.InboundMessage;
import org.springframework.amqp.core.Message;

/**
 * Turns RabbitMQ deliveries into {@link InboundMessage}s: headers as text, {@code rm-key} as the
 * key, the queue as the partition.
 */
final class RabbitInboundMessages {

    /** Delivery tags count per channel and start over on each new one: they are no position in a queue. */
    private static final long NO_OFFSET = -1;

    private RabbitInboundMessages() {
    }

    static InboundMessage of(String topic, String queue, Message message) {
        Map<String, String> headers = new HashMap<>();
        message.getMessageProperties().getHeaders().forEach((name, value) -> {
            // AMQP's void field value has no text.
            if (value != null) {
                headers.put(name, text(value));
            }
        });
        Object key = message.getMessageProperties().getHeaders().get(ReliableHeaders.KEY);
        String defect = isUtf8(key) ? null : "rm-key header is not valid UTF-8";
        return new InboundMessage(topic, headers.get(ReliableHeaders.KEY), headers, message.getBody(), queue,
                NO_OFFSET, Instant.now(), defect);
    }

    /** Whether a header value holds no bytes, or bytes that are valid UTF-8 (AMQP strings are bytes on the wire). */
    private static boolean isUtf8(Object value) {
        return switch (value) {
            case LongString longString -> Utf8.decodeStrictly(longString.getBytes()) != null;
            case byte[] bytes -> Utf8.decodeStrictly(bytes) != null;
            case null, default -> true;
        };
    }

    /** A header value as text: bytes and long strings as UTF-8, timestamps as ISO-8601. */
    static String text(Object value) {
        return switch (value) {
            case String string -> string;
            case LongString longString -> new String(longString.getBytes(), StandardCharsets.UTF_8);
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case Date date -> date.toInstant().toString();
            default -> String.valueOf(value);
        };
    }
}
