package org.reliablemessaging.broker;

import org.jspecify.annotations.Nullable;

/**
 * Something the broker could not do; the subclasses say what.
 */
public class BrokerException extends RuntimeException {

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /** Whether the same request may succeed if tried again later (the broker is down or restarting). */
    public boolean isRetryable() {
        return false;
    }
}
