package org.reliablemessaging.broker;

import java.util.Objects;

/**
 * Where a published record was stored.
 *
 * @param partition its partition
 * @param offset its offset in that partition
 */
public record RecordPosition(TopicPartition partition, long offset) {

    public RecordPosition {
        Objects.requireNonNull(partition, "partition");
    }
}
