package org.reliablemessaging.broker;

import java.util.List;

/**
 * What one {@link GroupConsumer#poll} returned.
 *
 * @param assigned partitions this member owns since this poll, to be read from their committed offsets
 * @param revoked partitions this member must stop reading and {@linkplain GroupConsumer#release release}
 * @param records records of owned partitions, each partition's in offset order
 */
public record Fetch(List<TopicPartition> assigned, List<TopicPartition> revoked, List<StoredRecord> records) {

    public Fetch {
        assigned = List.copyOf(assigned);
        revoked = List.copyOf(revoked);
        records = List.copyOf(records);
    }

    /** Whether nothing happened. */
    public boolean isEmpty() {
        return assigned.isEmpty() && revoked.isEmpty() && records.isEmpty();
    }
}
