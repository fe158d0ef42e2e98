package org.reliablemessaging.broker.storage;

/**
 * A byte position in the log: a segment number and a byte offset within that segment.
 *
 * @param segment the segment's number, which names its file
 * @param offset the byte offset within the segment
 */
public record LogPosition(long segment, long offset) implements Comparable<LogPosition> {

    @Override
    public int compareTo(LogPosition other) {
        int bySegment = Long.compare(segment, other.segment);
        return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return segment + ":" + offset;
    }
}
