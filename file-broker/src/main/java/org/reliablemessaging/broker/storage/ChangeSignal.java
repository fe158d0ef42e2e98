package org.reliablemessaging.broker.storage;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting consumers when something they may be waiting for happened: new durable records or a
 * changed group assignment. A lock and condition rather than a monitor, so virtual threads do not pin.
 */
public final class ChangeSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    /** The current version; pass it to {@link #awaitChangeSince} to wait for the next change. */
    public long version() {
        lock.lock();
        try {
            return version;
        }
        finally {
            lock.unlock();
        }
    }

    /** Records a change and wakes every waiter. */
    public void signalAll() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the version moves past {@code seen} or {@code deadlineNanos} (a {@link System#nanoTime()}
     * value) passes.
     */
    public void awaitChangeSince(long seen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = deadlineNanos - System.nanoTime();
            while (version == seen && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        }
        finally {
            lock.unlock();
        }
    }
}
