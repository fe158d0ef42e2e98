package org.reliablemessaging;

/**
 * Thrown at publish time when a message cannot be published as given; nothing has been written.
 */
public class InvalidMessageException extends IllegalArgumentException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
