package org.reliablemessaging.testservices;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that runs with the system clock and jumps ahead on demand, so a test can let hours
 * pass without waiting for them.
 */
public final class AdvancingClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    /** Moves the clock {@code duration} further ahead of the system clock. */
    public synchronized void advance(Duration duration) {
        ahead = ahead.plus(duration);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("an AdvancingClock is always UTC");
    }
}
