package org.reliablemessaging.broker.storage;

/**
 * What retention needs to know about a segment.
 *
 * @param newestTimestamp epoch millis of the newest frame in it (for records, the newest record's timestamp)
 * @param usedBytes bytes of frames in it
 */
record SegmentInfo(long newestTimestamp, long usedBytes) {

    SegmentInfo with(long timestamp, long frameEnd) {
        return new SegmentInfo(Math.max(newestTimestamp, timestamp), Math.max(usedBytes, frameEnd));
    }
}
