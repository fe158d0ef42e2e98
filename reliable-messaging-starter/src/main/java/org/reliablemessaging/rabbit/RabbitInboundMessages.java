package org.reliablemessaging.rabbit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.rabbitmq.client.LongString;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.internal.Utf8;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.springframework.amqp.core.Message;

/**
 * Turns RabbitMQ deliveries into {@link InboundMessage}s: headers as text, {@code rm-key} as the
 * key, the queue as the partition. A message from a parking queue carries why RabbitMQ dead-lettered
 * it as its dead-letter reason, so that the listener dead-letters it at once.
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
        String deadLetterReason = isUtf8(key) ? null : "rm-key header is not valid UTF-8";
        return new InboundMessage(topic, headers.get(ReliableHeaders.KEY), headers, message.getBody(), queue,
                NO_OFFSET, Instant.now(), deadLetterReason);
    }

    /**
     * A message RabbitMQ dead-lettered to a parking queue, with why as its dead-letter reason.
     * @param deliveryLimit the delivery limit declared on the group's queues, {@code null} if a policy sets it
     */
    static InboundMessage parked(String topic, String queue, Message message, @Nullable Integer deliveryLimit) {
        InboundMessage read = of(topic, queue, message);
        String deadLetterReason = parkingReason(queue, message.getMessageProperties().getXDeathHeader(), deliveryLimit);
        return new InboundMessage(read.topic(), read.key(), read.headers(), read.payload(), read.partition(),
                read.offset(), read.receivedAt(), read.deadLetterReason() != null ? read.deadLetterReason() + "; " + deadLetterReason : deadLetterReason);
    }

    /** @param deaths the {@code x-death} header RabbitMQ writes into what it dead-letters, latest death first */
    private static String parkingReason(String parkingQueue, @Nullable List<Map<String, ?>> deaths,
            @Nullable Integer deliveryLimit) {
        if (deaths == null || deaths.isEmpty()) {
            return "it came to parking queue '" + parkingQueue + "' without an x-death header: RabbitMQ did not "
                    + "dead-letter it there";
        }
        Map<String, ?> latest = deaths.get(0);
        String reason = String.valueOf(textOrNull(latest.get("reason")));
        String from = "RabbitMQ dead-lettered it from queue '" + textOrNull(latest.get("queue")) + "'";
        if (!"delivery_limit".equals(reason)) {
            return from + " (x-death reason '" + reason + "')";
        }
        return from + " after more deliveries without an ack than its delivery limit allows ("
                + (deliveryLimit != null ? "delivery-limit " + deliveryLimit : "delivery-limit of a policy")
                + " exceeded, x-death reason 'delivery_limit')";
    }

    private static @Nullable String textOrNull(@Nullable Object value) {
        return value == null ? null : text(value);
    }

    /** Whether a header value holds no bytes, or bytes that are valid UTF-8 (AMQP strings are bytes on the wire). */
    private static boolean isUtf8(@Nullable Object value) {
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
