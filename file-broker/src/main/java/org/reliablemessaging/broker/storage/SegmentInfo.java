package org.reliablemessaging.broker.storage;

/**
 * What retention needs to know about a segment.
 *
 * @param newestRecordTimestamp epoch millis of the newest record in it, {@link Long#MIN_VALUE} if it holds none
 * @param newestControlTimestamp epoch millis of the newest topic creation or commit in it, or {@link Long#MIN_VALUE}
 * @param usedBytes bytes of frames in it
 */
record SegmentInfo(long newestRecordTimestamp, long newestControlTimestamp, long usedBytes) {

    /** The info of a segment holding just {@code frame}, which ends at {@code frameEnd}. */
    static SegmentInfo of(Frame frame, long frameEnd) {
        boolean records = frame.type() == FrameType.RECORDS;
        return new SegmentInfo(records ? frame.timestamp() : Long.MIN_VALUE,
                records ? Long.MIN_VALUE : frame.timestamp(), frameEnd);
    }

    /**
     * The age retention goes by: that of the newest record. Topic creations and commits do not keep a
     * segment, because checkpoints preserve them; only a segment without records ages by them.
     */
    long newestTimestamp() {
        return newestRecordTimestamp != Long.MIN_VALUE ? newestRecordTimestamp : newestControlTimestamp;
    }

    SegmentInfo merge(SegmentInfo other) {
        return new SegmentInfo(Math.max(newestRecordTimestamp, other.newestRecordTimestamp),
                Math.max(newestControlTimestamp, other.newestControlTimestamp), Math.max(usedBytes, other.usedBytes));
    }
}
