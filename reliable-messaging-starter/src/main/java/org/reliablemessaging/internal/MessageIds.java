package org.reliablemessaging.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Creates message ids as version 7 UUIDs (RFC 9562): time-ordered, so the unique index on
 * message ids grows at its right edge instead of splitting pages at random.
 */
public final class MessageIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MessageIds() {
    }

    /** A new id whose first 48 bits are {@code now} in Unix milliseconds. */
    public static UUID next(Instant now) {
        long millis = now.toEpochMilli();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
