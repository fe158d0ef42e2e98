package org.reliablemessaging.transport;

import java.time.Duration;

import org.reliablemessaging.spi.transport.SendOutcome;

/**
 * The moment by which every message of a batch must have an outcome, fixed when the send starts.
 *
 * @param timeout how long the batch may take in all
 * @param expiresAtNanos {@link System#nanoTime()} at which the timeout elapses
 */
public record SendDeadline(Duration timeout, long expiresAtNanos) {

    /** A deadline {@code timeout} from now. */
    public static SendDeadline after(Duration timeout) {
        return new SendDeadline(timeout, System.nanoTime() + timeout.toNanos());
    }

    /** Time left until the deadline, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }

    /** The outcome of a message the broker has not confirmed by the deadline. */
    public SendOutcome unconfirmed() {
        return SendOutcome.retryable("no confirm within " + timeout.toMillis() + " ms");
    }

    /** The outcome of a message not even handed to the client because the deadline had passed. */
    public SendOutcome notSent() {
        return SendOutcome.retryable(
                "not sent: the batch used up its " + timeout.toMillis() + " ms before reaching it");
    }
}
