package org.reliablemessaging.listener;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one listener's messages are waiting for now, for its group's health: a retry of their key, or the end of a
 * deferral (an idempotency guard's store out of reach, say).
 */
final class ListenerActivity {

    private int retrying;

    private int deferred;

    private @Nullable Instant deferredSince;

    private @Nullable String deferredBecause;

    synchronized void retryStarted() {
        retrying++;
    }

    synchronized void retryEnded() {
        retrying--;
    }

    /** A message is deferred for the first time; {@code because} says why. */
    synchronized void deferralStarted(Instant now, String because) {
        if (deferred++ == 0) {
            deferredSince = now;
        }
        deferredBecause = because;
    }

    synchronized void deferralEnded() {
        if (--deferred == 0) {
            deferredSince = null;
            deferredBecause = null;
        }
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(retrying, deferred, deferredSince, deferredBecause);
    }

    /**
     * @param keysRetrying keys held back until their failed message's next attempt
     * @param messagesDeferred messages waiting for a deferral to end
     * @param deferredSince since when some message has been deferred without a break, {@code null} if none is
     * @param deferredBecause why the latest deferral happened, {@code null} if none is deferred
     */
    record Snapshot(int keysRetrying, int messagesDeferred, @Nullable Instant deferredSince,
            @Nullable String deferredBecause) {
    }
}
