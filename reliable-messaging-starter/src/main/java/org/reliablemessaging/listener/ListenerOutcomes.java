package org.reliablemessaging.listener;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.ListenerOutcome;
import org.reliablemessaging.spi.ListenerOutcome.Result;
import org.reliablemessaging.spi.ListenerOutcomeListener;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link ListenerOutcomeListener} of the application what became of a message; one that throws
 * is logged and changes nothing for the message.
 */
public final class ListenerOutcomes {

    /** Nobody to tell. */
    public static final ListenerOutcomes NONE = new ListenerOutcomes(List.of());

    private static final Logger log = LoggerFactory.getLogger(ListenerOutcomes.class);

    private final List<ListenerOutcomeListener> listeners;

    public ListenerOutcomes(List<ListenerOutcomeListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void settled(String group, InboundMessage message, Result result, @Nullable Object payload,
            @Nullable Throwable failure, int attempts) {
        if (listeners.isEmpty()) {
            return;
        }
        ListenerOutcome outcome = new ListenerOutcome(group, message.topic(), message.key(), message.messageId(),
                message.type(), result, payload, failure, attempts);
        for (ListenerOutcomeListener listener : listeners) {
            try {
                listener.settled(outcome);
            }
            catch (RuntimeException ex) {
                log.warn("ListenerOutcomeListener {} failed on message {} ({}); the message is settled regardless",
                        listener, message.messageId(), result, ex);
            }
        }
    }
}
