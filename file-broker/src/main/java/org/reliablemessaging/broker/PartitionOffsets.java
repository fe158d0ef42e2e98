package org.reliablemessaging.broker;

/**
 * The readable range of a partition.
 *
 * @param start the first offset still kept (retention deletes from the start)
 * @param end the offset the next durable record will get: readers see {@code [start, end)}
 */
public record PartitionOffsets(long start, long end) {

    public PartitionOffsets {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("offsets must satisfy 0 <= start <= end, were " + start + " and " + end);
        }
    }
}
