package org.reliablemessaging.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link org.reliablemessaging.broker.embedded.FileBroker} stores and serves records. Start from {@link #defaults(Path)} and change
 * what you need with the {@code with…} methods.
 *
 * @param directory the data directory, owned by one broker at a time
 * @param durability when publishes and commits are acknowledged
 * @param segmentBytes size of each log segment file
 * @param defaultPartitions partitions of a topic created implicitly by a publish or a join
 * @param maxRecordBytes largest accepted record (key, headers and value encoded)
 * @param retentionAge segments whose newest record is older than this are deleted
 * @param retentionBytes segments are deleted, oldest first, while the log is larger than this; 0 for no limit
 * @param checkpointInterval how often the broker writes a checkpoint, which bounds recovery time
 * @param sessionTimeout how long a group member may stay silent before its partitions go to others
 */
public record BrokerConfig(Path directory, Durability durability, long segmentBytes, int defaultPartitions,
        int maxRecordBytes, Duration retentionAge, long retentionBytes, Duration checkpointInterval,
        Duration sessionTimeout) {

    /** 64 MiB, as the design fixes it. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L * 1024 * 1024;

    public BrokerConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retentionAge, "retentionAge");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        requirePositive(segmentBytes, "segmentBytes");
        requirePositive(defaultPartitions, "defaultPartitions");
        requirePositive(maxRecordBytes, "maxRecordBytes");
        if (maxRecordBytes > segmentBytes / 2) {
            throw new IllegalArgumentException("maxRecordBytes (" + maxRecordBytes
                    + ") must be at most half of segmentBytes (" + segmentBytes + ")");
        }
        if (retentionBytes < 0) {
            throw new IllegalArgumentException("retentionBytes must be 0 (no limit) or positive, was " + retentionBytes);
        }
        requirePositive(retentionAge, "retentionAge");
        requirePositive(checkpointInterval, "checkpointInterval");
        requirePositive(sessionTimeout, "sessionTimeout");
    }

    /** Sync durability, 64 MiB segments, 8 partitions, 1 MiB records, 7 days retention, 30 s checkpoints, 10 s sessions. */
    public static BrokerConfig defaults(Path directory) {
        return new BrokerConfig(directory, Durability.sync(), DEFAULT_SEGMENT_BYTES, 8, 1024 * 1024,
                Duration.ofDays(7), 0, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    public BrokerConfig withDurability(Durability durability) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withSegmentBytes(long segmentBytes) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withDefaultPartitions(int defaultPartitions) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withMaxRecordBytes(int maxRecordBytes) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withRetention(Duration retentionAge, long retentionBytes) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withCheckpointInterval(Duration checkpointInterval) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    public BrokerConfig withSessionTimeout(Duration sessionTimeout) {
        return new BrokerConfig(directory, durability, segmentBytes, defaultPartitions, maxRecordBytes, retentionAge,
                retentionBytes, checkpointInterval, sessionTimeout);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
