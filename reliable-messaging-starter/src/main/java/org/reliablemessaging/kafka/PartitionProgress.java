package org.reliablemessaging.kafka;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.reliablemessaging.spi.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The delivered, not yet committable records of one assigned partition: whatever order their
 * acknowledgements come in, it hands the container only the highest record below which every
 * delivered record is acknowledged.
 *
 * <p>One instance lives for one assignment of its partition. Once closed (partition revoked or lost,
 * source stopped) it ignores acknowledgements, so a late one can never commit over the progress of
 * the partition's next owner.
 */
final class PartitionProgress {

    private static final Logger log = LoggerFactory.getLogger(PartitionProgress.class);

    private final TopicPartition partition;

    /** In offset order, since the consumer thread delivers a partition's records in order. */
    private final Deque<Delivery> pending = new ArrayDeque<>();

    private boolean closed;

    PartitionProgress(TopicPartition partition) {
        this.partition = partition;
    }

    /**
     * Registers a delivered record; must be called in offset order.
     * @param commit the container's acknowledgement of the record, which commits up to it
     * @return the acknowledgement to hand to the dispatcher, callable once from any thread
     */
    synchronized Acknowledgement track(long offset, Acknowledgment commit) {
        Delivery delivery = new Delivery(offset, commit);
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
        // The container commits the highest offset acknowledged to it: acknowledging the last record
        // of the contiguous run commits all of it.
        highest.commit.acknowledge();
    }

    /**
     * Waits until every delivered record is acknowledged, this is closed, or the deadline passes.
     * @return whether every delivered record was acknowledged
     */
    synchronized boolean awaitAcknowledged(long deadlineNanos) throws InterruptedException {
        while (!pending.isEmpty() && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return pending.isEmpty();
    }

    /** Ignores acknowledgements from now on, leaving the unacknowledged records to redelivery. */
    synchronized void close() {
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

        private final Acknowledgment commit;

        private boolean done;

        Delivery(long offset, Acknowledgment commit) {
            this.offset = offset;
            this.commit = commit;
        }
    }
}
