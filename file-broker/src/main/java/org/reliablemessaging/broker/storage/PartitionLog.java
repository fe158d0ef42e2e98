package org.reliablemessaging.broker.storage;

import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.TopicPartition;

/**
 * The durable state of one partition: its readable range and a sparse index from offsets to the log
 * positions of the frames that hold them. Only the writer thread (and recovery before it) changes it.
 */
final class PartitionLog {

    /** Partition data between index entries: a read scans at most about this much of it. */
    static final long INDEX_INTERVAL_BYTES = 64 * 1024;

    private final TopicPartition partition;
    private final int id;
    private final NavigableMap<Long, LogPosition> index = new ConcurrentSkipListMap<>();
    private volatile long start;
    private volatile long end;
    private long bytesSinceIndexEntry;

    PartitionLog(TopicPartition partition, int id) {
        this.partition = partition;
        this.id = id;
    }

    TopicPartition partition() {
        return partition;
    }

    int id() {
        return id;
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    /** The position of the latest indexed frame holding {@code offset} or an earlier one, or null if none. */
    Map.@Nullable Entry<Long, LogPosition> floor(long offset) {
        Map.Entry<Long, LogPosition> entry = index.floorEntry(offset);
        return entry != null ? entry : index.firstEntry();
    }

    NavigableMap<Long, LogPosition> index() {
        return index;
    }

    /** Sets the range and index from a checkpoint. */
    void restore(long start, long end, Map<Long, LogPosition> entries) {
        this.start = start;
        this.end = end;
        index.putAll(entries);
        bytesSinceIndexEntry = INDEX_INTERVAL_BYTES;
    }

    /**
     * Takes a records frame of {@code bytes} at {@code position} holding offsets {@code baseOffset} on.
     * The first frame of the partition in each segment is always indexed, so that deleting a segment
     * leaves an entry at the first offset that is still readable.
     */
    void append(long baseOffset, int count, LogPosition position, int bytes) {
        Map.Entry<Long, LogPosition> last = index.lastEntry();
        if (last == null && baseOffset > end) {
            // a full replay after retention deleted this partition's older segments
            start = baseOffset;
        }
        else if (baseOffset != end) {
            throw new IllegalStateException("frame at " + position + " continues " + partition + " at offset "
                    + baseOffset + " but the partition ends at " + end);
        }
        if (last == null || last.getValue().segment() != position.segment()
                || bytesSinceIndexEntry >= INDEX_INTERVAL_BYTES) {
            index.put(baseOffset, position);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += bytes;
        end = baseOffset + count;
    }

    /** Forgets the frames in segments before {@code segment}, which retention deleted; the start moves past them. */
    void dropSegmentsBefore(long segment) {
        while (!index.isEmpty() && index.firstEntry().getValue().segment() < segment) {
            index.pollFirstEntry();
        }
        start = index.isEmpty() ? end : Math.max(start, index.firstKey());
    }
}
