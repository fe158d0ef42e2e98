package org.reliablemessaging.broker.storage;

import java.util.List;
import java.util.Map;

/**
 * The log's state at a position, so that recovery replays only the frames after it.
 *
 * @param position every frame before it is reflected here
 * @param topics every topic
 * @param partitions every partition's range and index
 * @param commits committed offsets by group, then by partition id
 * @param segments retention metadata by segment number
 */
record Checkpoint(LogPosition position, List<TopicLayout> topics, List<PartitionSnapshot> partitions,
        Map<String, Map<Integer, Long>> commits, Map<Long, SegmentInfo> segments) {

    /** One partition's range and sparse index. */
    record PartitionSnapshot(int id, long start, long end, Map<Long, LogPosition> index) {
    }
}
