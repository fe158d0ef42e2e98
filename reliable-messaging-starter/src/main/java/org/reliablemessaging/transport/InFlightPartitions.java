package org.reliablemessaging.transport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.reliablemessaging.spi.transport.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assigned partitions of one consumer with their messages in flight: when partitions are revoked
 * or the source stops, it waits a bounded time for their acknowledgements, then abandons the rest.
 *
 * @param <P> the transport's partition type
 */
public final class InFlightPartitions<P> {

    private static final Logger log = LoggerFactory.getLogger(InFlightPartitions.class);

    private final String group;

    /** Added to by the consuming thread only, so a partition's messages are tracked in offset order. */
    private final Map<P, PartitionProgress> partitions = new ConcurrentHashMap<>();

    /** @param group the consumer group, for the log */
    public InFlightPartitions(String group) {
        this.group = group;
    }

    /**
     * Tracks a message delivered by the consuming thread.
     * @param commitThrough commits {@code partition} through this message
     */
    public Acknowledgement track(P partition, long offset, Runnable commitThrough) {
        return partitions.computeIfAbsent(partition, PartitionProgress::new).track(offset, commitThrough);
    }

    /** Waits up to {@code timeout} for every partition's messages in flight, then abandons what is left. */
    public void drainAll(Duration timeout) {
        drain(List.copyOf(partitions.keySet()), timeout, "stop");
    }

    /**
     * Waits up to {@code timeout} for the messages in flight of {@code draining}, then abandons what is left.
     * @param reason why, for the log
     */
    public void drain(Collection<P> draining, Duration timeout, String reason) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (P partition : draining) {
                PartitionProgress progress = partitions.get(partition);
                if (progress != null) {
                    progress.awaitAcknowledged(deadline);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while waiting for messages in flight; the rest are redelivered: group={} reason={}",
                    group, reason, ex);
        }
        close(draining);
    }

    /** Abandons the messages in flight of {@code closing} at once, ignoring their acknowledgements. */
    public void close(Collection<P> closing) {
        closing.stream().map(partitions::remove).filter(Objects::nonNull).forEach(PartitionProgress::close);
    }
}
