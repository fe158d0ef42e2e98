package org.reliablemessaging.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.LongString;
import org.reliablemessaging.ReliableHeaders;
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
        return new InboundMessage(topic, headers.get(ReliableHeaders.KEY), headers, message.getBody(), queue,
                NO_OFFSET, Instant.now());
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
