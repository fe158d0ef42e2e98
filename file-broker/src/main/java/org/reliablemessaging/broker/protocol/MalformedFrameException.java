package org.reliablemessaging.broker.protocol;

/**
 * A frame that does not follow the protocol: too large, truncated, or with fields that make no sense. The
 * connection it came on cannot be trusted to stay in step and is closed.
 */
public class MalformedFrameException extends RuntimeException {

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
