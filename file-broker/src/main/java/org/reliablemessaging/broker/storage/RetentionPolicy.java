package org.reliablemessaging.broker.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;

/**
 * Picks the segments to delete: oldest first, whole segments only, while the oldest is older than the
 * retention age or the log is larger than the retention size. It never picks a segment at or after
 * {@code beforeSegment}, which the caller sets so that deleted segments are covered by checkpoints.
 */
record RetentionPolicy(Duration retentionAge, long retentionBytes) {

    /** The segment numbers to delete, in order, from {@code existing} segments with {@code infos}. */
    List<Long> segmentsToDelete(Set<Long> existing, NavigableMap<Long, SegmentInfo> infos, long beforeSegment,
            long nowMillis) {
        long total = 0;
        for (long segment : existing) {
            total += bytesOf(infos, segment);
        }
        long oldestKept = nowMillis - retentionAge.toMillis();
        List<Long> deleted = new ArrayList<>();
        for (long segment : existing) {
            if (segment >= beforeSegment) {
                break;
            }
            SegmentInfo info = infos.get(segment);
            boolean expired = info == null || info.newestTimestamp() < oldestKept;
            boolean overSize = retentionBytes > 0 && total > retentionBytes;
            if (!expired && !overSize) {
                break;
            }
            deleted.add(segment);
            total -= bytesOf(infos, segment);
        }
        return deleted;
    }

    private static long bytesOf(NavigableMap<Long, SegmentInfo> infos, long segment) {
        SegmentInfo info = infos.get(segment);
        return info == null ? 0 : info.usedBytes();
    }
}
