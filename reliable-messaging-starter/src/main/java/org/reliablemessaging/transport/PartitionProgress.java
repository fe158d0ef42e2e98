package org.reliablemessaging.transport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import org.reliablemessaging.spi.transport.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivered, not yet committable messages of one assigned partition: whatever order their
 * acknowledgements come in, it commits only through the highest message below which every delivered
 * message is acknowledged.
 *
 * <p>One instance lives for one assignment of its partition. Once closed (partition revoked or lost,
 * source stopped) it ignores acknowledgements, so a late one can never commit over the progress of
 * the partition's next owner.
 */
public final class PartitionProgress {

    private static final Logger log = LoggerFactory.getLogger(PartitionProgress.class);

    private final Object partition;

    /** In offset order, since a source delivers a partition's messages in order. */
    private final Deque<Delivery> pending = new ArrayDeque<>();

    private boolean closed;

    /** @param partition the partition, for the log */
    public PartitionProgress(Object partition) {
        this.partition = partition;
    }

    /**
     * Registers a delivered message; must be called in offset order.
     * @param commitThrough commits the partition through this message, when it and all before it are done
     * @return the acknowledgement to hand to the dispatcher, callable once from any thread
     */
    public synchronized Acknowledgement track(long offset, Runnable commitThrough) {
        Delivery delivery = new Delivery(offset, commitThrough);
        pending.addLast(delivery);
        return () -> acknowledged(delivery);
    }

    private synchronized void acknowledged(Delivery delivery) {
        if (closed) {
            log.debug("Ignoring a late acknowledgement; the message is redelivered to the partition's owner:"
                    + " partition={} offset={}", partition, delivery.offset);
            return;
        }
        delivery.done = true;
        Delivery highest = null;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            highest = pending.pollFirst();
        }
        if (highest == null) {
            return;
        }
        if (pending.isEmpty()) {
            notifyAll();
        }
        // Committing through the last message of the contiguous run commits all of it.
        highest.commitThrough.run();
    }

    /**
     * Waits until every delivered message is acknowledged, this is closed, or the deadline passes.
     * @return whether every delivered message was acknowledged
     */
    public synchronized boolean awaitAcknowledged(long deadlineNanos) throws InterruptedException {
        while (!pending.isEmpty() && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return pending.isEmpty();
    }

    /** Ignores acknowledgements from now on, leaving the unacknowledged messages to redelivery. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!pending.isEmpty()) {
            log.info("Leaving unacknowledged messages to redelivery: partition={} count={} fromOffset={}",
                    partition, pending.size(), pending.peekFirst().offset);
        }
        notifyAll();
    }

    private static final class Delivery {

        private final long offset;

        private final Runnable commitThrough;

        private boolean done;

        Delivery(long offset, Runnable commitThrough) {
            this.offset = offset;
            this.commitThrough = commitThrough;
        }
    }
}
