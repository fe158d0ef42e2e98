package org.reliablemessaging.broker.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/** TEMPORARY until the engine is merged: a memory broker without groups, to exercise the transport. */
final class InterimMemoryBroker implements BrokerClient {
    private final Map<String, TopicDescription> topics = new ConcurrentHashMap<>();
    private final Map<TopicPartition, List<StoredRecord>> logs = new ConcurrentHashMap<>();

    @Override
    public synchronized TopicDescription createTopic(String topic, int partitions) {
        return topics.computeIfAbsent(topic, t -> new TopicDescription(t, partitions));
    }

    @Override
    public Optional<TopicDescription> describeTopic(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    @Override
    public synchronized CompletableFuture<RecordPosition> publish(String topic, NewRecord record) {
        if (record.value().length > 100_000) {
            return CompletableFuture.failedFuture(new RecordTooLargeException(record.value().length, 100_000));
        }
        TopicDescription description = createTopic(topic, 4);
        int partition = record.key() == null ? 0 : Math.floorMod(record.key().hashCode(), description.partitions());
        TopicPartition tp = new TopicPartition(topic, partition);
        List<StoredRecord> log = logs.computeIfAbsent(tp, p -> new ArrayList<>());
        log.add(new StoredRecord(tp, log.size(), record.key(), record.headers(), record.value(), record.timestamp()));
        return CompletableFuture.completedFuture(new RecordPosition(tp, log.size() - 1));
    }

    @Override
    public synchronized List<StoredRecord> read(TopicPartition partition, long offset, int maxRecords) {
        List<StoredRecord> log = logs.getOrDefault(partition, List.of());
        return List.copyOf(log.subList((int) Math.min(offset, log.size()), (int) Math.min(offset + maxRecords, log.size())));
    }

    @Override
    public synchronized PartitionOffsets offsets(TopicPartition partition) {
        return new PartitionOffsets(0, logs.getOrDefault(partition, List.of()).size());
    }

    @Override
    public long committedOffset(String group, TopicPartition partition) {
        return 0;
    }

    @Override
    public GroupConsumer joinGroup(String group, Collection<String> topics) {
        throw new UnsupportedOperationException("no groups before the engine is merged");
    }

    @Override
    public void close() {
    }
}
