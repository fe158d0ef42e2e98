package org.reliablemessaging.idempotency;

import java.time.Duration;

/**
 * Thrown instead of running a handler when another delivery of the same message is being processed,
 * or its processor died holding the message: retrying later is the remedy, so this is not a
 * {@link org.reliablemessaging.NonRetryableException}.
 */
public class MessageInProgressException extends RuntimeException {

    private final Duration retryAfter;

    public MessageInProgressException(String group, String messageId, Duration retryAfter) {
        super("Message '%s' of group '%s' is being processed elsewhere, or its processor stopped mid-way; "
                .formatted(messageId, group) + "retry after its processing lease ends in at most " + retryAfter);
        this.retryAfter = retryAfter;
    }

    /** How long the current processing lease lasts at most: a retry sooner is bound to find it again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
