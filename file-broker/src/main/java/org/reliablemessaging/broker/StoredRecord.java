package org.reliablemessaging.broker;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A record as the broker stored it, read back from a partition.
 *
 * @param partition where it is
 * @param offset its position in the partition, from 0, without gaps
 * @param key its key, or {@code null}
 * @param headers its headers, in the order they were published
 * @param value its payload bytes
 * @param timestamp the timestamp it was published with
 */
public record StoredRecord(TopicPartition partition, long offset, @Nullable String key, Map<String, String> headers,
        byte[] value, Instant timestamp) {

    public StoredRecord {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
