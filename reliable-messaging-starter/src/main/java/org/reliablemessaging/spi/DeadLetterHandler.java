package org.reliablemessaging.spi;

/**
 * Keeps a message that a listener could not handle, so it can be inspected and replayed.
 */
@FunctionalInterface
public interface DeadLetterHandler {

    /**
     * Stores {@code failed} durably before returning; the message is acknowledged after that.
     * @throws RuntimeException if it could not be stored, in which case the message is not acknowledged
     */
    void deadLetter(FailedMessage failed);
}
