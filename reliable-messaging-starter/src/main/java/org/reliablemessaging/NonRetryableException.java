package org.reliablemessaging;

/**
 * Thrown by a {@link ReliableListener} method when retrying cannot help (the message is invalid for
 * good): the message is dead-lettered at once and its key moves on.
 */
public class NonRetryableException extends RuntimeException {

    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
