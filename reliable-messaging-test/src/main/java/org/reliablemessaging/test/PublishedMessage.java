package org.reliablemessaging.test;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.Message;

/**
 * A message the code under test published, recorded once its transaction committed.
 *
 * @param id the message id ({@code rm-id}) that {@code publish} returned
 * @param message what was published: topic, key, the payload as the application's object, headers, delay, expiry
 */
public record PublishedMessage(UUID id, Message message) {

    public PublishedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
    }

    /** The topic. */
    public String topic() {
        return message.topic();
    }

    /** The ordering key, {@code null} if none. */
    public @Nullable String key() {
        return message.key();
    }

    /** The logical type name it was sent with ({@code rm-type}). */
    public String type() {
        return message.typeName();
    }

    /** The payload, as the application's object. */
    public Object payload() {
        return Objects.requireNonNull(message.payload(), "a published message has a payload");
    }

    /** The application headers. */
    public Map<String, String> headers() {
        return message.headers();
    }

    /** Whether its payload is a {@code type}. */
    public boolean isA(Class<?> type) {
        return type.isInstance(payload());
    }
}
