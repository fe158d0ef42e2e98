package org.reliablemessaging.listener;

/**
 * Carries a checked exception thrown by a listener method through the idempotency guard.
 */
final class ListenerFailedException extends RuntimeException {

    ListenerFailedException(ListenerEndpoint endpoint, Throwable cause) {
        super(endpoint.describe() + " failed: " + cause, cause);
    }
}
