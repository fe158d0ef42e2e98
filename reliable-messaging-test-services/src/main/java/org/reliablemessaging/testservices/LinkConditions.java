package org.reliablemessaging.testservices;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** What a {@link TcpProxy} does to the bytes it forwards: hold them all (a partition), or delay each by a latency. */
final class LinkConditions {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition released = lock.newCondition();

    private boolean held;

    private volatile Duration latency = Duration.ZERO;

    void hold() {
        lock.lock();
        try {
            held = true;
        }
        finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            held = false;
            released.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code max} for bytes to be let through; true if they may pass now. */
    boolean awaitPassable(Duration max) throws InterruptedException {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (held) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = released.awaitNanos(nanos);
            }
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    void latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("a latency is zero or more, not " + latency);
        }
        this.latency = latency;
    }

    /** When a byte read now may be written: now plus the latency, on {@link System#nanoTime()}'s scale. */
    long dueNanos() {
        return System.nanoTime() + TimeUnit.NANOSECONDS.convert(latency);
    }
}
