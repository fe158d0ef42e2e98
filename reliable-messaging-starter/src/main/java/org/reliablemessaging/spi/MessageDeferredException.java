package org.reliablemessaging.spi;

import java.time.Duration;

/**
 * Thrown when a message cannot be handled yet but will be later, through no fault of its own (an
 * idempotency guard sees it being processed elsewhere, or cannot reach its store): the listener waits
 * and tries again without counting an attempt.
 */
public class MessageDeferredException extends RuntimeException {

    private final Duration retryAfter;

    public MessageDeferredException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Deferred because of {@code cause}, a failure of something the message needs rather than of the message. */
    public MessageDeferredException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
