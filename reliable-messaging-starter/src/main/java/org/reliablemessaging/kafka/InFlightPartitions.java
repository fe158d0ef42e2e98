package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.reliablemessaging.spi.Acknowledgement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The assigned partitions of one consumer with their messages in flight: when partitions are revoked
 * or the source stops, it waits a bounded time for their acknowledgements, then abandons the rest. It
 * tells {@link PartitionAssignments} which partitions the consumer holds.
 *
 * <p>Its rebalance callbacks run on the consumer thread inside {@code poll()}; the container commits
 * what was acknowledged to it right after {@link #onPartitionsRevokedBeforeCommit} returns.
 */
final class InFlightPartitions implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(InFlightPartitions.class);

    private final String group;

    private final Duration revocationTimeout;

    private final PartitionAssignments assignments;

    /** Added to by the consumer thread only, so a partition's records are tracked in offset order. */
    private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();

    /** The partitions the consumer holds, whether or not any of their records are in flight. */
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    InFlightPartitions(String group, Duration revocationTimeout, PartitionAssignments assignments) {
        this.group = group;
        this.revocationTimeout = revocationTimeout;
        this.assignments = assignments;
    }

    /** Tracks a record delivered by the consumer thread; {@code commit} is the container's acknowledgement. */
    Acknowledgement track(ConsumerRecord<?, ?> record, Acknowledgment commit) {
        return partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), PartitionProgress::new)
                .track(record.offset(), commit);
    }

    /** Waits up to {@code timeout} for every partition's messages in flight, then abandons what is left. */
    void drainAll(Duration timeout) {
        drain(List.copyOf(partitions.keySet()), timeout, "stop");
        release(List.copyOf(assigned));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> added) {
        assigned.addAll(added);
        assignments.assigned(group, added);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        drain(revoked, revocationTimeout, "revocation");
        release(revoked);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        // Another member may own them already, so nothing of theirs can be committed any more.
        close(lost);
        release(lost);
    }

    private void drain(Collection<TopicPartition> draining, Duration timeout, String reason) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (TopicPartition partition : draining) {
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

    private void release(Collection<TopicPartition> released) {
        assigned.removeAll(released);
        assignments.released(group, released);
    }

    private void close(Collection<TopicPartition> closing) {
        closing.stream().map(partitions::remove).filter(Objects::nonNull).forEach(PartitionProgress::close);
    }
}
