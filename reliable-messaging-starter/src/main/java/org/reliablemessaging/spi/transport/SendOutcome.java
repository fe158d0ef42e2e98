package org.reliablemessaging.spi.transport;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What became of one message of a batch handed to a {@link MessageSender}.
 *
 * @param status whether the broker confirmed it, or how it failed
 * @param error what went wrong, {@code null} when confirmed
 */
public record SendOutcome(Status status, @Nullable String error) {

    private static final SendOutcome CONFIRMED = new SendOutcome(Status.CONFIRMED, null);

    public SendOutcome {
        Objects.requireNonNull(status, "status");
        if (status != Status.CONFIRMED && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a failed send needs an error description");
        }
    }

    /** The broker has the message durably. */
    public static SendOutcome confirmed() {
        return CONFIRMED;
    }

    /** The send failed but may succeed later (broker down, timeout, leader election). */
    public static SendOutcome retryable(String error) {
        return new SendOutcome(Status.RETRYABLE, error);
    }

    /** The send can never succeed as is (too large, unroutable, not authorized). */
    public static SendOutcome permanent(String error) {
        return new SendOutcome(Status.PERMANENT, error);
    }

    /**
     * The error text of an outcome that {@code error} failed, and of messages about it:
     * {@code SimpleClassName: message}, with the root cause's when there is one.
     */
    public static String errorText(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        return root == error ? text : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** The three outcomes a sender reports. */
    public enum Status {
        /** Confirmed by the broker. */
        CONFIRMED,
        /** Failed; worth trying again later. */
        RETRYABLE,
        /** Failed; trying again cannot help. */
        PERMANENT
    }
}
