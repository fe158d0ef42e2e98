package org.reliablemessaging.spi;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Where listeners record the keys they hold back while they retry a failing message, so operators
 * see them across instances, and learn that an operator asked to dead-letter such a message now.
 * Called on the retry path only; an implementation must not throw (a failure to record must never
 * stop a retry), and reports its own failures.
 */
public interface HeldKeys {

    /** Records nothing: listeners just wait between attempts. */
    HeldKeys NONE = new HeldKeys() {

        @Override
        public @Nullable Hold hold(String group, InboundMessage message, int attempts, Instant nextAttemptAt,
                Throwable error, @Nullable Hold previous) {
            return null;
        }

        @Override
        public @Nullable String deadLetterRequest(Hold hold) {
            return null;
        }

        @Override
        public void release(Hold hold) {
        }
    };

    /**
     * Records that {@code group} holds the key of {@code message} back after {@code attempts} failed
     * attempts, until {@code nextAttemptAt}.
     * @param previous what this returned after the message's previous attempt, {@code null} after its first
     * @return the record, to pass back; {@code null} if nothing was recorded
     */
    @Nullable Hold hold(String group, InboundMessage message, int attempts, Instant nextAttemptAt, Throwable error,
            @Nullable Hold previous);

    /** Why an operator asked to dead-letter the held message now, {@code null} if nobody did. */
    @Nullable String deadLetterRequest(Hold hold);

    /** The key moved on: the message was handled or dead-lettered. */
    void release(Hold hold);

    /**
     * A recorded hold.
     *
     * @param id its record's id
     */
    record Hold(long id) {
    }
}
