package org.reliablemessaging.test.memory;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;

/** Sends to an {@link InMemoryBroker}, which confirms every message at once. */
public final class InMemoryMessageSender implements MessageSender {

    private final InMemoryBroker broker;

    public InMemoryMessageSender(InMemoryBroker broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        batch.forEach(broker::append);
        return CompletableFuture.completedFuture(Collections.nCopies(batch.size(), SendOutcome.confirmed()));
    }
}
