package org.reliablemessaging.kafka;

import java.util.Collection;

import org.apache.kafka.common.TopicPartition;

/**
 * Told, on the consumer thread, which partitions a reliable listener's consumer holds, for what
 * watches them (the lag metric); it must not block.
 */
public interface PartitionAssignmentListener {

    /** Watches nothing. */
    PartitionAssignmentListener NONE = new PartitionAssignmentListener() {
    };

    /** {@code group}'s consumer in this application now holds {@code partitions}. */
    default void assigned(String group, Collection<TopicPartition> partitions) {
    }

    /** {@code group}'s consumer in this application no longer holds {@code partitions}. */
    default void released(String group, Collection<TopicPartition> partitions) {
    }
}
