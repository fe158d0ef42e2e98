package org.reliablemessaging.idempotency;

import java.time.Duration;

import org.reliablemessaging.spi.MessageDeferredException;

/**
 * Thrown instead of running a handler while an idempotency guard cannot reach its store (the database,
 * Redis): an outage is not the message's fault, so the listener keeps the message, without using an
 * attempt and without acknowledging it, and tries again until the store answers. Counting attempts
 * would turn every message of an outage longer than the retries into a dead letter.
 */
public class GuardStoreUnavailableException extends MessageDeferredException {

    /** How long a listener waits before it tries a message again while the store is unavailable. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    public GuardStoreUnavailableException(String store, String group, String messageId, RuntimeException cause) {
        super("The %s of the idempotency guard is unavailable, so message '%s' of group '%s' waits, without using "
                .formatted(store, messageId, group) + "an attempt, until it answers: " + cause, RETRY_AFTER, cause);
    }
}
