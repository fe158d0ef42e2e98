package org.reliablemessaging.broker.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerHealth;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.DirectoryLockedException;
import org.reliablemessaging.broker.ExpiringGroupConsumer;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.LogCorruptedException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.group.GroupCoordinator;
import org.reliablemessaging.broker.storage.DirectoryLock;
import org.reliablemessaging.broker.storage.Log;
import org.reliablemessaging.broker.storage.LogFiles;
import org.reliablemessaging.broker.storage.RecordCodec;

/**
 * The broker in this JVM: it owns its directory (a file lock) and keeps every topic and committed
 * offset in one write-ahead log there. A record with a key goes to partition
 * {@code Integer.toUnsignedLong(CRC32C(UTF-8 bytes of the key)) % partitions}; one without a key goes
 * to the topic's partitions in turn.
 */
public final class FileBroker implements BrokerClient {

    private static final System.Logger LOG = System.getLogger(FileBroker.class.getName());
    private static final int MAX_TOPIC_NAME_LENGTH = 249;

    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TOPIC_NAME_LENGTH + "}");
    private static final int MAX_PARTITIONS = 10_000;

    private final BrokerConfig config;
    private final DirectoryLock lock;
    private final Log log;
    private final ScheduledThreadPoolExecutor timers;
    private final GroupCoordinator groups;
    private volatile boolean closed;

    private FileBroker(BrokerConfig config, DirectoryLock lock, Log log) {
        this.config = config;
        this.lock = lock;
        this.log = log;
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("file-broker-timers").daemon().factory());
        // on close, pending session and revocation deadlines are moot, but a checkpoint under way should finish
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timers.setRemoveOnCancelPolicy(true);
        this.groups = new GroupCoordinator(log, config.sessionTimeout(), timers);
        long interval = config.checkpointInterval().toMillis();
        timers.scheduleWithFixedDelay(this::checkpoint, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (creating it if needed) and recovers the broker directory of {@code config}.
     *
     * @throws DirectoryLockedException when another broker owns the directory
     * @throws LogCorruptedException when the log is damaged in a way that is no torn final write
     */
    public static FileBroker open(BrokerConfig config) {
        return open(config, LogFiles.system());
    }

    /** Opens with {@code files} doing the file operations, so tests can make forcing fail. */
    static FileBroker open(BrokerConfig config, LogFiles files) {
        DirectoryLock lock;
        try {
            Files.createDirectories(config.directory());
            lock = DirectoryLock.acquire(config.directory());
        }
        catch (IOException ex) {
            throw new BrokerException("could not create or lock the broker directory " + config.directory() + ": "
                    + ex.getMessage(), ex);
        }
        try {
            FileBroker broker = new FileBroker(config, lock, Log.open(config, files));
            LOG.log(System.Logger.Level.INFO, "file broker opened {0} with {1} durability", config.directory(),
                    config.durability().mode());
            return broker;
        }
        catch (RuntimeException ex) {
            try {
                lock.close();
            }
            catch (IOException unlock) {
                ex.addSuppressed(unlock);
            }
            throw ex;
        }
    }

    @Override
    public TopicDescription createTopic(String topic, int partitions) {
        requireOpen();
        requireTopicName(topic);
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("a topic needs 1 to " + MAX_PARTITIONS + " partitions, was " + partitions);
        }
        return join(log.createTopic(topic, partitions));
    }

    @Override
    public Optional<TopicDescription> describeTopic(String topic) {
        return log.topic(topic);
    }

    @Override
    public CompletableFuture<RecordPosition> publish(String topic, NewRecord record) {
        Objects.requireNonNull(record, "record");
        try {
            requireOpen();
            requireTopicName(topic);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        byte[] encoded = RecordCodec.encode(record);
        if (encoded.length > config.maxRecordBytes()) {
            return CompletableFuture.failedFuture(new RecordTooLargeException(encoded.length, config.maxRecordBytes()));
        }
        return log.append(topic, record.key(), encoded);
    }

    @Override
    public List<StoredRecord> read(TopicPartition partition, long offset, int maxRecords) {
        return log.read(partition, offset, maxRecords);
    }

    @Override
    public PartitionOffsets offsets(TopicPartition partition) {
        return log.offsets(partition);
    }

    @Override
    public long committedOffset(String group, TopicPartition partition) {
        return log.committedOffset(group, partition).orElse(0L);
    }

    /** Joins {@code group} as a member that stays until closed; see {@link BrokerClient#joinGroup}. */
    @Override
    public GroupConsumer joinGroup(String group, Collection<String> topics) {
        return join(group, topics, null);
    }

    /**
     * Joins {@code group} as a member that leaves by itself when it is silent (no poll, commit, release or
     * {@linkplain ExpiringGroupConsumer#heartbeat heartbeat}) for {@code sessionTimeout}: for members in
     * other processes, which may vanish without closing.
     */
    public ExpiringGroupConsumer joinGroup(String group, Collection<String> topics, Duration sessionTimeout) {
        return join(group, topics, Objects.requireNonNull(sessionTimeout, "sessionTimeout"));
    }

    @Override
    public BrokerHealth health() {
        if (closed) {
            return new BrokerHealth(BrokerHealth.Status.CLOSED, "closed");
        }
        return log.failure().map(failure -> new BrokerHealth(BrokerHealth.Status.FAILED,
                        Objects.requireNonNull(failure.getMessage(), "a log failure always says why")))
                .or(() -> log.writeFailure().map(failure -> new BrokerHealth(BrokerHealth.Status.WRITES_FAILING,
                        Objects.requireNonNull(failure.getMessage(), "a write failure always says why"))))
                .orElse(new BrokerHealth(BrokerHealth.Status.RUNNING, ""));
    }

    /** Writes a checkpoint and applies retention now, as the broker does every checkpoint interval. */
    void checkpointNow() {
        log.checkpointAndRetain();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        groups.closeAll();
        timers.shutdown();
        try {
            timers.awaitTermination(10, TimeUnit.SECONDS);
            log.close();
            lock.close();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while closing the broker in " + config.directory(), ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not release the lock of " + config.directory(), ex);
        }
        LOG.log(System.Logger.Level.INFO, "file broker closed {0}", config.directory());
    }

    private ExpiringGroupConsumer join(String group, Collection<String> topics, @Nullable Duration sessionTimeout) {
        requireOpen();
        Objects.requireNonNull(group, "group");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a group member needs at least one topic");
        }
        Set<String> names = new LinkedHashSet<>(topics);
        for (String topic : names) {
            if (log.topic(topic).isEmpty()) {
                createTopic(topic, config.defaultPartitions());
            }
        }
        return groups.join(group, names, sessionTimeout);
    }

    private void checkpoint() {
        try {
            if (log.failure().isEmpty()) {
                log.checkpointAndRetain();
            }
        }
        catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.ERROR, "periodic checkpoint of " + config.directory() + " failed; "
                    + "recovery will replay more of the log until one succeeds", ex);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new BrokerUnavailableException("the broker in " + config.directory() + " is closed");
        }
    }

    /**
     * Kafka's rule, which the starter's publisher and listeners also apply: no path separators, NUL, control
     * or look-alike characters reach the log, the logs of the broker, or a client's display.
     */
    private static void requireTopicName(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            String shown = topic.length() > 60 ? topic.substring(0, 57) + "..." : topic;
            throw new IllegalArgumentException("a topic name must be 1 to " + MAX_TOPIC_NAME_LENGTH
                    + " characters of [A-Za-z0-9._-], and not '.' or '..', was '"
                    + shown.replaceAll("[^\\x20-\\x7E]", "?") + "'");
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }
}
