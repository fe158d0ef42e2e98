package org.reliablemessaging.idempotency;

import java.time.Duration;

import org.reliablemessaging.spi.MessageDeferredException;

/**
 * Thrown instead of running a handler when another delivery of the same message is being processed,
 * or its processor died holding the message: retrying later is the remedy, so this is not a
 * {@link org.reliablemessaging.NonRetryableException}.
 */
public class MessageInProgressException extends MessageDeferredException {

    public MessageInProgressException(String group, String messageId, Duration retryAfter) {
        super("Message '%s' of group '%s' is being processed elsewhere, or its processor stopped mid-way; "
                .formatted(messageId, group) + "retry after its processing lease ends in at most " + retryAfter,
                retryAfter);
    }
}
