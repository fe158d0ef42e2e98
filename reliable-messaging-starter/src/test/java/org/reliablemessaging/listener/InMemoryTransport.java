package org.reliablemessaging.listener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;

/**
 * Stand-ins for the consumer SPI that let listener tests deliver messages by hand and see what
 * was acknowledged, dead-lettered and deduplicated; the Kafka and RabbitMQ tests use real brokers.
 */
final class InMemoryTransport implements MessageSourceFactory, DeadLetterHandler {

    final Map<String, MessageDispatcher> dispatchers = new ConcurrentHashMap<>();

    final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    final List<String> acknowledged = new CopyOnWriteArrayList<>();

    final List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();

    private final Set<String> processed = ConcurrentHashMap.newKeySet();

    @Override
    public MessageSource create(Subscription subscription, MessageDispatcher dispatcher) {
        dispatchers.put(subscription.group(), dispatcher);
        subscriptions.put(subscription.group(), subscription);
        return new MessageSource() {
            public void start() {
            }

            public void stop() {
            }

            public void pause() {
            }

            public void resume() {
            }
        };
    }

    /** Delivers {@code message} to the listener of {@code group}. */
    void deliver(String group, InboundMessage message) {
        dispatchers.get(group).dispatch(message, () -> acknowledged.add(message.messageId()));
    }

    @Override
    public void deadLetter(FailedMessage failed) {
        deadLetters.add(failed);
    }

    /** An {@link IdempotencyGuard} remembering processed messages in memory. */
    synchronized boolean runOnce(String group, String messageId, Runnable work) {
        if (processed.contains(group + "/" + messageId)) {
            return false;
        }
        work.run();
        processed.add(group + "/" + messageId);
        return true;
    }
}
