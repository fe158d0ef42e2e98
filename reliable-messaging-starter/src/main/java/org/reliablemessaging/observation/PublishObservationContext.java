package org.reliablemessaging.observation;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of one {@code publish}: its carrier is the message's header map, so a propagating
 * tracing handler writes the trace context into the headers stored with the outbox row.
 */
public final class PublishObservationContext extends SenderContext<Map<String, String>> {

    private final String topic;

    private final String type;

    private final UUID messageId;

    private final Map<String, String> headers;

    /**
     * @param headers the message's headers, mutable: what handlers inject is published with them
     */
    public PublishObservationContext(String topic, String type, UUID messageId, Map<String, String> headers) {
        super((carrier, name, value) -> Objects.requireNonNull(carrier, "the carrier is set below").put(name, value),
                Kind.PRODUCER);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.type = Objects.requireNonNull(type, "type");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.headers = Objects.requireNonNull(headers, "headers");
        setCarrier(headers);
    }

    /** The topic the message is published to. */
    public String topic() {
        return topic;
    }

    /** The message's logical type name ({@code rm-type}). */
    public String type() {
        return type;
    }

    /** The headers the message is published with, including what handlers added. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The id the message is published with ({@code rm-id}). */
    public UUID messageId() {
        return messageId;
    }
}
