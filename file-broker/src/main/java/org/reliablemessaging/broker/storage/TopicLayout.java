package org.reliablemessaging.broker.storage;

import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/**
 * A topic and the ids of its partitions in the log: {@code firstPartitionId} to
 * {@code firstPartitionId + partitions - 1}.
 *
 * @param name the topic name
 * @param partitions how many partitions it has
 * @param firstPartitionId the log's id of its partition 0
 */
public record TopicLayout(String name, int partitions, int firstPartitionId) {

    /** The log's id of partition {@code partition}. */
    int partitionId(int partition) {
        return firstPartitionId + partition;
    }

    TopicPartition partition(int partitionId) {
        return new TopicPartition(name, partitionId - firstPartitionId);
    }

    public TopicDescription description() {
        return new TopicDescription(name, partitions);
    }
}
