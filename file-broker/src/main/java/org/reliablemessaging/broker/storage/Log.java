package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/**
 * The write-ahead log of a broker directory: every topic's partitions and every group's committed offsets,
 * appended by one writer thread, read by any thread, checkpointed and trimmed by retention.
 */
public final class Log implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Log.class.getName());

    private final LogState state;
    private final SegmentSet segments;
    private final LogWriter writer;
    private final Thread writerThread;
    private final LogReader reader;
    private final CheckpointStore checkpoints;
    private final ChangeSignal changes = new ChangeSignal();
    private final Path directory;

    private Log(BrokerConfig config, LogFiles files) throws IOException {
        directory = config.directory();
        segments = new SegmentSet(config.directory(), files, config.segmentBytes());
        checkpoints = new CheckpointStore(config.directory(), files);
        Recovery.Recovered recovered = new Recovery(config.directory(), segments, checkpoints, files).recover();
        state = recovered.state();
        reader = new LogReader(state, segments);
        writer = new LogWriter(new SegmentFrameWriter(config.directory(), segments, files, config.segmentBytes(),
                recovered.end()), state, new BatchPlanner(state, config.defaultPartitions(), config.maxRecordBytes()),
                config.durability(), new RetentionPolicy(config.retentionAge(), config.retentionBytes()), changes);
        writerThread = Thread.ofPlatform().name("file-broker-log-writer").daemon().start(writer);
    }

    /** Recovers the log in the configured directory, which the caller owns, and starts its writer. */
    public static Log open(BrokerConfig config, LogFiles files) {
        try {
            return new Log(config, files);
        }
        catch (IOException ex) {
            throw new BrokerException("could not open the log in " + config.directory() + ": " + ex.getMessage()
                    + "; check that the directory is readable and writable", ex);
        }
    }

    /** Appends a record encoded by {@link RecordCodec} to the partition its key picks. */
    public CompletableFuture<RecordPosition> append(String topic, @Nullable String key, byte[] encodedRecord) {
        CompletableFuture<RecordPosition> done = new CompletableFuture<>();
        writer.submit(new LogRequest.Append(topic, key, encodedRecord, done));
        return done;
    }

    public CompletableFuture<TopicDescription> createTopic(String topic, int partitions) {
        CompletableFuture<TopicDescription> done = new CompletableFuture<>();
        writer.submit(new LogRequest.CreateTopic(topic, partitions, done));
        return done;
    }

    public CompletableFuture<@Nullable Void> commit(String group, Map<TopicPartition, Long> nextOffsets) {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        writer.submit(new LogRequest.CommitOffsets(group, Map.copyOf(nextOffsets), done));
        return done;
    }

    public Optional<TopicDescription> topic(String name) {
        return Optional.ofNullable(state.topic(name)).map(TopicLayout::description);
    }

    public List<StoredRecord> read(TopicPartition partition, long offset, int maxRecords) {
        return reader.read(partitionLog(partition), offset, maxRecords);
    }

    public PartitionOffsets offsets(TopicPartition partition) {
        PartitionLog log = partitionLog(partition);
        long end = log.end();
        return new PartitionOffsets(Math.min(log.start(), end), end);
    }

    /** The offset {@code group} committed for {@code partition}, or empty if it committed none. */
    public Optional<Long> committedOffset(String group, TopicPartition partition) {
        return Optional.ofNullable(state.committed(group, partitionLog(partition).id()));
    }

    /** Signalled after every batch the writer made durable. */
    public ChangeSignal changes() {
        return changes;
    }

    /** Why the log refuses requests (a failed force), or empty while it works. */
    public Optional<BrokerUnavailableException> failure() {
        return Optional.ofNullable(writer.failure());
    }

    /** Why the last batch could not be written (a full disk, say), or empty when it was; reads go on meanwhile. */
    public Optional<BrokerUnavailableException> writeFailure() {
        return Optional.ofNullable(writer.writeFailure());
    }

    /** Writes a checkpoint, then deletes the segments retention allows; returns how many it deleted. */
    public synchronized int checkpointAndRetain() {
        writeCheckpoint();
        CompletableFuture<Integer> deleted = new CompletableFuture<>();
        writer.submit(new LogRequest.Retain(checkpoints.retainableBefore(), deleted));
        return await(deleted);
    }

    /** Writes a final checkpoint (unless the log failed), stops the writer and closes the files. */
    @Override
    public synchronized void close() {
        if (writer.failure() == null && writerThread.isAlive()) {
            try {
                writeCheckpoint();
            }
            catch (RuntimeException ex) {
                // a full disk must not keep the log open: the writer still has to stop and the files to close
                LOG.log(System.Logger.Level.WARNING, "could not write the final checkpoint of " + directory
                        + "; the next start replays the log from the previous checkpoint instead", ex);
            }
        }
        CompletableFuture<@Nullable Void> stopped = new CompletableFuture<>();
        writer.submit(new LogRequest.Stop(stopped));
        // a writer that stopped already refuses the request, which is just as good
        stopped.exceptionally(refused -> null).join();
        try {
            writerThread.join();
            segments.close();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while closing the log", ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not close the log's segment files", ex);
        }
    }

    private void writeCheckpoint() {
        CompletableFuture<Checkpoint> snapshot = new CompletableFuture<>();
        writer.submit(new LogRequest.TakeCheckpoint(snapshot));
        Checkpoint checkpoint = await(snapshot);
        try {
            checkpoints.write(checkpoint);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not write a checkpoint in the broker directory; recovery will "
                    + "replay from the previous one, so nothing is lost, but check the disk", ex);
        }
    }

    private PartitionLog partitionLog(TopicPartition partition) {
        TopicLayout topic = state.topic(partition.topic());
        if (topic == null) {
            throw new BrokerException("topic '" + partition.topic() + "' does not exist");
        }
        if (partition.partition() >= topic.partitions()) {
            throw new BrokerException("topic '" + partition.topic() + "' has " + topic.partitions()
                    + " partitions, so there is no " + partition);
        }
        return state.partition(topic.partitionId(partition.partition()));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof BrokerException broker) {
                throw broker;
            }
            throw ex;
        }
    }
}
