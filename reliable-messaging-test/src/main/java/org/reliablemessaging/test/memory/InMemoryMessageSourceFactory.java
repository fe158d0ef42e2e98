package org.reliablemessaging.test.memory;

import java.time.Clock;

import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;

/** Creates the sources of the listeners' subscriptions on an {@link InMemoryBroker}. */
public final class InMemoryMessageSourceFactory implements MessageSourceFactory {

    private final InMemoryBroker broker;

    private final Clock clock;

    public InMemoryMessageSourceFactory(InMemoryBroker broker, Clock clock) {
        this.broker = broker;
        this.clock = clock;
    }

    @Override
    public MessageSource create(Subscription subscription, MessageDispatcher dispatcher) {
        return new InMemoryMessageSource(broker, subscription, dispatcher, clock);
    }
}
