package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.transport.InFlightPartitions;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The messages in flight of one consumer's partitions, drained when partitions are revoked or the
 * source stops, and the consumer's assignment as told to {@link PartitionAssignmentListener}.
 *
 * <p>Its rebalance callbacks run on the consumer thread inside {@code poll()}; the container commits
 * what was acknowledged to it right after {@link #onPartitionsRevokedBeforeCommit} returns.
 */
final class KafkaRebalanceDrain implements ConsumerAwareRebalanceListener {

    private final String group;

    private final Duration revocationTimeout;

    private final PartitionAssignmentListener assignments;

    private final InFlightPartitions<TopicPartition> inFlight;

    /** The partitions the consumer holds, whether or not any of their records are in flight. */
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

    KafkaRebalanceDrain(String group, Duration revocationTimeout, PartitionAssignmentListener assignments) {
        this.group = group;
        this.revocationTimeout = revocationTimeout;
        this.assignments = assignments;
        this.inFlight = new InFlightPartitions<>(group);
    }

    /** Tracks a record delivered by the consumer thread; {@code commit} is the container's acknowledgement. */
    Acknowledgement track(ConsumerRecord<?, ?> record, Acknowledgment commit) {
        // The container commits the highest offset acknowledged to it.
        return inFlight.track(new TopicPartition(record.topic(), record.partition()), record.offset(),
                commit::acknowledge);
    }

    /** Waits up to {@code timeout} for every partition's messages in flight, then abandons what is left. */
    void drainAll(Duration timeout) {
        inFlight.drainAll(timeout);
        release(List.copyOf(assigned));
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> added) {
        assigned.addAll(added);
        assignments.assigned(group, added);
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        inFlight.drain(revoked, revocationTimeout, "revocation");
        release(revoked);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        // Another member may own them already, so nothing of theirs can be committed any more.
        inFlight.close(lost);
        release(lost);
    }

    private void release(Collection<TopicPartition> released) {
        assigned.removeAll(released);
        assignments.released(group, released);
    }
}
