package org.reliablemessaging;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An immutable message to publish through the outbox, built fluently from {@link #to(String)}.
 *
 * <pre>{@code
 * publisher.publish(Message.to("orders").key(order.id()).payload(new OrderPlaced(...))
 *         .delay(Duration.ofMinutes(30)).header("tenant", "acme"));
 * }</pre>
 *
 * Every method returns a new instance; validation happens when the message is published, so that
 * every problem is reported at once with the message it belongs to.
 *
 * @param topic destination topic (Kafka topic, RabbitMQ exchange, file-broker topic)
 * @param key ordering key: messages with the same key are delivered in publish order; {@code null}
 *        for messages that need no order
 * @param payload the payload, serialized as JSON
 * @param type logical type name sent in the {@code rm-type} header; {@code null} to derive it from
 *        the payload class ({@link MessageType} or the simple class name)
 * @param headers application headers; names starting with {@code rm-} are reserved
 * @param delay how long to hold the message back after commit; {@code null} for no delay
 * @param deliverAt the earliest moment to deliver the message; {@code null} for as soon as possible
 * @param expiresAt the moment after which the message is dead rather than delivered; {@code null}
 *        for never
 */
public record Message(String topic, @Nullable String key, @Nullable Object payload, @Nullable String type,
        Map<String, String> headers, @Nullable Duration delay, @Nullable Instant deliverAt,
        @Nullable Instant expiresAt) {

    public Message {
        Objects.requireNonNull(topic, "topic must not be null");
        headers = Map.copyOf(headers);
    }

    /** Starts a message for the given topic. */
    public static Message to(String topic) {
        return new Message(topic, null, null, null, Map.of(), null, null, null);
    }

    /** Returns a copy with the given ordering key. */
    public Message key(@Nullable String key) {
        return new Message(topic, key, payload, type, headers, delay, deliverAt, expiresAt);
    }

    /** Returns a copy with the given payload. */
    public Message payload(Object payload) {
        return new Message(topic, key, payload, type, headers, delay, deliverAt, expiresAt);
    }

    /** Returns a copy with an explicit logical type name instead of the one derived from the payload. */
    public Message type(String type) {
        return new Message(topic, key, payload, type, headers, delay, deliverAt, expiresAt);
    }

    /** Returns a copy with one more header; a header of the same name is replaced. */
    public Message header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name, "header name must not be null"),
                Objects.requireNonNull(value, () -> "value of header '" + name + "' must not be null"));
        return new Message(topic, key, payload, type, copy, delay, deliverAt, expiresAt);
    }

    /** Returns a copy delivered no earlier than {@code delay} after publishing; replaces {@link #deliverAt(Instant)}. */
    public Message delay(Duration delay) {
        return new Message(topic, key, payload, type, headers, delay, null, expiresAt);
    }

    /** Returns a copy delivered no earlier than {@code instant}; replaces {@link #delay(Duration)}. */
    public Message deliverAt(Instant instant) {
        return new Message(topic, key, payload, type, headers, null, instant, expiresAt);
    }

    /** Returns a copy that is dead-lettered with reason {@code expired} if not delivered by {@code instant}. */
    public Message expiresAt(Instant instant) {
        return new Message(topic, key, payload, type, headers, delay, deliverAt, instant);
    }

    /**
     * The logical type name it is sent with in the {@code rm-type} header: {@link #type()}, or else the one
     * {@link #typeNameOf(Class)} gives its payload's class.
     * @throws IllegalStateException if it has neither a type nor a payload
     */
    public String typeName() {
        if (type != null) {
            return type;
        }
        if (payload == null) {
            throw new IllegalStateException("a message to " + topic + " without a payload has no type name");
        }
        return typeNameOf(payload.getClass());
    }

    /**
     * The logical type name of payloads of {@code payloadClass}: its {@link MessageType}, or else its simple
     * class name; never a fully qualified class name.
     */
    public static String typeNameOf(Class<?> payloadClass) {
        MessageType annotation = payloadClass.getAnnotation(MessageType.class);
        if (annotation != null) {
            return annotation.value();
        }
        // Anonymous and local classes have no simple name; their binary name's tail is still no FQCN.
        String simpleName = payloadClass.getSimpleName();
        return simpleName.isEmpty() ? payloadClass.getName().substring(payloadClass.getName().lastIndexOf('.') + 1)
                : simpleName;
    }

    /** The moment this message becomes deliverable, given the moment it is published. */
    public Instant availableAt(Instant publishedAt) {
        if (deliverAt != null) {
            return deliverAt;
        }
        return delay != null ? publishedAt.plus(delay) : publishedAt;
    }
}
