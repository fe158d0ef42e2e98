package org.reliablemessaging.spi;

import java.time.Instant;
import java.util.Objects;

import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * A message a listener gave up on, and why.
 *
 * @param group the consumer group that failed it
 * @param message the message as received
 * @param error the last error
 * @param attempts how many attempts were made
 * @param firstFailedAt when the first attempt failed
 * @param lastFailedAt when the last attempt failed
 */
public record FailedMessage(String group, InboundMessage message, Throwable error, int attempts, Instant firstFailedAt,
        Instant lastFailedAt) {

    public FailedMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
    }
}
