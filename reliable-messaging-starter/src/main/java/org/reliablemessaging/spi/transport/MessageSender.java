package org.reliablemessaging.spi.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a batch of outbox messages to a broker and reports, per message, whether the broker
 * confirmed it: the one thing a transport must provide to the relay.
 *
 * <p>Implementations send the whole batch without waiting between messages, keep the order of
 * messages with the same topic and key, and complete the future only when every message has an
 * outcome. Once a message is known to have failed before later messages of its key were handed to
 * the broker, they report those later ones as retryable without sending them, so they cannot
 * overtake it. They never throw: a failure of the whole batch is reported as an outcome per message.
 */
@FunctionalInterface
public interface MessageSender {

    /**
     * Sends {@code batch}.
     * @return one outcome per message, in the order of {@code batch}
     */
    CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch);
}
