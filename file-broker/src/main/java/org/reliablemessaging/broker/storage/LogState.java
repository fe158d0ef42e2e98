package org.reliablemessaging.broker.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.jspecify.annotations.Nullable;

/**
 * What the durable part of the log says: topics, partitions, committed offsets and segment metadata.
 * Only the writer thread (and recovery before it) changes it, after the frames are durable; readers
 * see a frame's effects once {@link #durableEnd()} covers it.
 */
final class LogState {

    private static final System.Logger LOG = System.getLogger(LogState.class.getName());

    private final Map<String, TopicLayout> topics = new ConcurrentHashMap<>();
    private final Map<Integer, PartitionLog> partitions = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Long>> commits = new ConcurrentHashMap<>();
    private final NavigableMap<Long, SegmentInfo> segments = new ConcurrentSkipListMap<>();
    private volatile LogPosition durableEnd = new LogPosition(1, 0);

    LogPosition durableEnd() {
        return durableEnd;
    }

    void durableEnd(LogPosition position) {
        durableEnd = position;
    }

    @Nullable TopicLayout topic(String name) {
        return topics.get(name);
    }

    Map<String, TopicLayout> topics() {
        return topics;
    }

    /** The partition with {@code id}, which one of the registered topics has. */
    PartitionLog partition(int id) {
        return Objects.requireNonNull(partitions.get(id), () -> "no registered topic has partition id " + id);
    }

    @Nullable Long committed(String group, int partitionId) {
        return commits.getOrDefault(group, Map.of()).get(partitionId);
    }

    NavigableMap<Long, SegmentInfo> segments() {
        return segments;
    }

    /** The id the next created topic's first partition gets. */
    int nextPartitionId() {
        return topics.values().stream().mapToInt(t -> t.firstPartitionId() + t.partitions()).max().orElse(0);
    }

    /** Takes the effects of a durable frame at {@code position}. */
    void apply(Frame frame, LogPosition position) {
        switch (frame.type()) {
            case RECORDS -> {
                PartitionLog partition = partitions.get(frame.partitionId());
                if (partition == null) {
                    LOG.log(System.Logger.Level.WARNING, "skipping records of unknown partition id {0} at {1}: "
                            + "its topic was created in a deleted segment", frame.partitionId(), position);
                }
                else {
                    partition.append(frame.baseOffset(), frame.count(), position, frame.size());
                }
            }
            case TOPIC_CREATED -> register(ControlFrames.topic(frame));
            case OFFSETS_COMMITTED -> {
                ControlFrames.Commit commit = ControlFrames.commit(frame);
                commits.computeIfAbsent(commit.group(), group -> new ConcurrentHashMap<>()).putAll(commit.offsets());
            }
        }
        segments.merge(position.segment(), SegmentInfo.of(frame, position.offset() + frame.size()), SegmentInfo::merge);
    }

    /** Forgets segments before {@code segment}, which were deleted, moving partition starts past them. */
    void dropSegmentsBefore(long segment) {
        segments.headMap(segment).clear();
        partitions.values().forEach(partition -> partition.dropSegmentsBefore(segment));
    }

    Checkpoint snapshot() {
        List<Checkpoint.PartitionSnapshot> snapshots = new ArrayList<>();
        for (PartitionLog partition : partitions.values()) {
            snapshots.add(new Checkpoint.PartitionSnapshot(partition.id(), partition.start(), partition.end(),
                    new TreeMap<>(partition.index())));
        }
        Map<String, Map<Integer, Long>> committed = new HashMap<>();
        commits.forEach((group, offsets) -> committed.put(group, Map.copyOf(offsets)));
        return new Checkpoint(durableEnd, List.copyOf(topics.values()), snapshots, committed, new TreeMap<>(segments));
    }

    void restore(Checkpoint checkpoint) {
        checkpoint.topics().forEach(this::register);
        for (Checkpoint.PartitionSnapshot snapshot : checkpoint.partitions()) {
            PartitionLog partition = Objects.requireNonNull(partitions.get(snapshot.id()),
                    () -> "the checkpoint has partition id " + snapshot.id() + " but none of its topics has it");
            partition.restore(snapshot.start(), snapshot.end(), snapshot.index());
        }
        checkpoint.commits().forEach((group, offsets) -> commits.put(group, new ConcurrentHashMap<>(offsets)));
        segments.putAll(checkpoint.segments());
        durableEnd = checkpoint.position();
    }

    private void register(TopicLayout topic) {
        for (int partition = 0; partition < topic.partitions(); partition++) {
            int id = topic.partitionId(partition);
            partitions.put(id, new PartitionLog(topic.partition(id), id));
        }
        topics.put(topic.name(), topic);
    }
}
