package org.reliablemessaging.listener;

import java.time.Instant;

import org.reliablemessaging.NonRetryableException;

/**
 * Why a listener dead-lettered a message instead of handling it: its {@code rm-expires-at} had
 * passed when it was received, or passed while the message was being retried.
 */
public final class MessageExpiredException extends NonRetryableException {

    MessageExpiredException(Instant expiresAt, Instant receivedAt, Instant checkedAt) {
        super("expired at " + expiresAt + " (received at " + receivedAt + ", checked at " + checkedAt
                + "), so it was not handled");
    }
}
