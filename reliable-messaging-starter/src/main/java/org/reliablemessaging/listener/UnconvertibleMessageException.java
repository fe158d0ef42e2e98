package org.reliablemessaging.listener;

import org.reliablemessaging.NonRetryableException;

/**
 * A payload that cannot become the listener's parameter: unknown type, or malformed. Never retried.
 */
public final class UnconvertibleMessageException extends NonRetryableException {

    UnconvertibleMessageException(String message) {
        super(message);
    }

    UnconvertibleMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
