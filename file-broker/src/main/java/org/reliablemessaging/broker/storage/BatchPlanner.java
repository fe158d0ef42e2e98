package org.reliablemessaging.broker.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.TopicPartition;

/**
 * Turns a batch of requests into frames, assigning offsets in the order the requests were submitted.
 * It keeps the writer's own view of topics and next offsets, which runs ahead of the durable
 * {@link LogState} by the batch being written.
 */
final class BatchPlanner {

    /** The frames to write and the acknowledgements to give once they are durable. */
    record Plan(List<Frame> frames, List<Runnable> acknowledgements) {
    }

    private final Map<String, TopicLayout> topics = new HashMap<>();
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    private final Map<String, Integer> roundRobin = new HashMap<>();
    private final int defaultPartitions;
    private final int maxFramePayload;
    private int nextPartitionId;

    BatchPlanner(LogState state, int defaultPartitions, int maxFramePayload) {
        this.defaultPartitions = defaultPartitions;
        this.maxFramePayload = maxFramePayload;
        resetTo(state);
    }

    /** Forgets what the planned but unwritten batches did, after a batch could not be written. */
    void resetTo(LogState state) {
        topics.clear();
        topics.putAll(state.topics());
        nextOffsets.clear();
        for (TopicLayout topic : topics.values()) {
            for (int partition = 0; partition < topic.partitions(); partition++) {
                int id = topic.partitionId(partition);
                nextOffsets.put(id, state.partition(id).end());
            }
        }
        nextPartitionId = state.nextPartitionId();
    }

    /** Plans the appends, topic creations and commits of {@code batch}; other requests are not the planner's. */
    Plan plan(List<LogRequest> batch, long now) {
        List<Frame> frames = new ArrayList<>();
        List<Runnable> acknowledgements = new ArrayList<>();
        Map<Integer, List<byte[]>> recordsByPartition = new LinkedHashMap<>();
        for (LogRequest request : batch) {
            switch (request) {
                case LogRequest.Append append -> {
                    TopicLayout topic = topicOrCreate(append.topic(), defaultPartitions, frames, now);
                    int partition = append.key() == null ? nextRoundRobin(topic)
                            : KeyPartitioner.partitionOf(append.key(), topic.partitions());
                    int id = topic.partitionId(partition);
                    long offset = nextOffsets.merge(id, 1L, Long::sum) - 1;
                    recordsByPartition.computeIfAbsent(id, key -> new ArrayList<>()).add(append.record());
                    RecordPosition position = new RecordPosition(new TopicPartition(topic.name(), partition), offset);
                    acknowledgements.add(() -> append.future().complete(position));
                }
                case LogRequest.CreateTopic create -> {
                    TopicLayout topic = topicOrCreate(create.topic(), create.partitions(), frames, now);
                    acknowledgements.add(() -> create.future().complete(topic.description()));
                }
                case LogRequest.CommitOffsets commit -> planCommit(commit, frames, acknowledgements, now);
                default -> {
                }
            }
        }
        recordsByPartition.forEach((id, records) -> addRecordFrames(id, records, frames));
        return new Plan(frames, acknowledgements);
    }

    private void planCommit(LogRequest.CommitOffsets commit, List<Frame> frames, List<Runnable> acknowledgements,
            long now) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : commit.offsets().entrySet()) {
            TopicPartition partition = entry.getKey();
            TopicLayout topic = topics.get(partition.topic());
            if (topic == null || partition.partition() >= topic.partitions()) {
                commit.future().completeExceptionally(new BrokerException("cannot commit an offset of " + partition
                        + " for group '" + commit.group() + "': no such partition"));
                return;
            }
            offsets.put(topic.partitionId(partition.partition()), entry.getValue());
        }
        frames.add(ControlFrames.offsetsCommitted(new ControlFrames.Commit(commit.group(), offsets), now));
        acknowledgements.add(() -> commit.future().complete(null));
    }

    private TopicLayout topicOrCreate(String name, int partitions, List<Frame> frames, long now) {
        TopicLayout existing = topics.get(name);
        if (existing != null) {
            return existing;
        }
        TopicLayout topic = new TopicLayout(name, partitions, nextPartitionId);
        nextPartitionId += partitions;
        topics.put(name, topic);
        for (int partition = 0; partition < partitions; partition++) {
            nextOffsets.put(topic.partitionId(partition), 0L);
        }
        frames.add(ControlFrames.topicCreated(topic, now));
        return topic;
    }

    private int nextRoundRobin(TopicLayout topic) {
        return roundRobin.merge(topic.name(), 1, (current, one) -> (current + one) % topic.partitions())
                % topic.partitions();
    }

    private void addRecordFrames(int partitionId, List<byte[]> records, List<Frame> frames) {
        long baseOffset = Objects.requireNonNull(nextOffsets.get(partitionId), "planned records have a next offset")
                - records.size();
        int from = 0;
        while (from < records.size()) {
            int to = from;
            int payload = 0;
            long newest = Long.MIN_VALUE;
            while (to < records.size() && (to == from || payload + records.get(to).length <= maxFramePayload)) {
                payload += records.get(to).length;
                newest = Math.max(newest, RecordCodec.timestampMillis(records.get(to)));
                to++;
            }
            byte[] bytes = new byte[payload];
            int at = 0;
            for (byte[] record : records.subList(from, to)) {
                System.arraycopy(record, 0, bytes, at, record.length);
                at += record.length;
            }
            frames.add(new Frame(FrameType.RECORDS, partitionId, baseOffset + from, to - from, newest, bytes));
            from = to;
        }
    }
}
