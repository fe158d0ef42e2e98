package org.reliablemessaging.broker;

import org.jspecify.annotations.Nullable;

/**
 * The broker cannot serve requests: it is closed, it failed to force its log (and stays failed until
 * restarted), its disk refuses writes (until space is freed), or the connection to it is down. The request may
 * succeed when retried later.
 */
public class BrokerUnavailableException extends BrokerException {

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
