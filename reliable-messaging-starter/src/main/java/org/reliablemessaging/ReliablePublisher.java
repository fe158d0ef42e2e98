package org.reliablemessaging;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Publishes messages through the transactional outbox: each call writes a row in the caller's
 * transaction, and the message reaches the broker only if, and after, that transaction commits.
 */
public interface ReliablePublisher {

    /**
     * Publishes {@code payload} to {@code topic} with ordering key {@code key}.
     * @return the message id, also sent in the {@code rm-id} header
     * @throws TransactionRequiredException if no transaction is active
     * @throws InvalidMessageException if the topic, key or payload is not valid
     */
    default UUID publish(String topic, @Nullable String key, Object payload) {
        return publish(Message.to(topic).key(key).payload(payload));
    }

    /**
     * Publishes a message built with {@link Message#to(String)}.
     * @return the message id, also sent in the {@code rm-id} header
     * @throws TransactionRequiredException if no transaction is active
     * @throws InvalidMessageException if any part of the message is not valid
     */
    UUID publish(Message message);
}
