package org.reliablemessaging.broker;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What an application does with a file broker, the same whether the broker runs in its JVM
 * ({@link org.reliablemessaging.broker.embedded.FileBroker}) or in another process ({@code RemoteBroker}).
 *
 * <p>Every method is safe to call from several threads. Records published through one client to one
 * partition are stored in the order the {@code publish} calls were made.
 */
public interface BrokerClient extends AutoCloseable {

    /**
     * Creates {@code topic} with {@code partitions} partitions if it does not exist yet; the creation is
     * durable before this returns.
     *
     * @return the topic as it now exists, which may have another partition count if it existed already
     */
    TopicDescription createTopic(String topic, int partitions);

    /** The topic, if it exists. */
    Optional<TopicDescription> describeTopic(String topic);

    /**
     * Appends a record to the partition its key hashes to, creating the topic with the broker's default
     * partition count if it does not exist.
     *
     * @return completes when the record is stored as the broker's {@link Durability} promises, or
     *         exceptionally with a {@link BrokerException} (record too large, broker failed or closed)
     */
    CompletableFuture<RecordPosition> publish(String topic, NewRecord record);

    /**
     * Reads up to {@code maxRecords} durable records of one partition from {@code offset} on, without a
     * consumer group; returns at once, with an empty list when there is nothing at or after {@code offset}.
     *
     * @throws OffsetOutOfRangeException when {@code offset} is before the partition's start
     */
    List<StoredRecord> read(TopicPartition partition, long offset, int maxRecords);

    /** The readable range of a partition. */
    PartitionOffsets offsets(TopicPartition partition);

    /** The offset {@code group} committed for {@code partition}: the next one it will consume, 0 if none. */
    long committedOffset(String group, TopicPartition partition);

    /**
     * Joins consumer group {@code group} for {@code topics} (created with the default partition count
     * when missing). The broker shares the partitions of those topics among the group's members.
     */
    GroupConsumer joinGroup(String group, Collection<String> topics);

    /** Releases this client's resources; the embedded broker also stops and closes its files. */
    @Override
    void close();

    /**
     * Whether the broker serves requests, and why not: for a broker in this JVM, the state of its log; for one in
     * another process, whether it can be reached now.
     */
    BrokerHealth health();
}
