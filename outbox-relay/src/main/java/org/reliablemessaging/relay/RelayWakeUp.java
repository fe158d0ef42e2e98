package org.reliablemessaging.relay;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.reliablemessaging.spi.OutboxCommitListener;

/**
 * Wakes the relay loop when outbox rows commit, so delivery does not wait for the next poll.
 * Many signals while the loop is busy collapse into one wake-up.
 */
public final class RelayWakeUp implements OutboxCommitListener {

    private final Semaphore signal = new Semaphore(0);

    @Override
    public void outboxCommitted() {
        wake();
    }

    /** Makes the current or next {@link #await(Duration)} return at once. */
    public void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits until woken or {@code timeout} passed, then clears pending signals. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            signal.drainPermits();
        }
    }
}
