package org.reliablemessaging.broker.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerHealth;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.protocol.PublishOutcome;
import org.reliablemessaging.broker.protocol.Request;

/**
 * A {@link BrokerClient} for a broker in another process, over one pipelined TCP connection.
 *
 * <p>A publish's future completes when the server answers, that is when the broker stored the record as
 * its durability promises. If the connection fails, every request under way fails with a (retryable)
 * {@link BrokerUnavailableException} and the next call connects again; nothing is retried on its own, so a
 * record is never stored twice by this client. Futures complete, in the order of the responses, on one
 * callback thread of this client, never on the thread reading the connection: a callback may call the
 * client again, but a slow callback delays the others. A thread that waits for a future ({@code join},
 * {@code get}) does not wait for the callback thread: it completes the future itself as soon as the response
 * is read, so callbacks chained to that future may run on the waiting thread instead.
 */
public final class RemoteBroker implements BrokerClient {

    private final ClientConfig config;
    private final ReentrantLock connectLock = new ReentrantLock();
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("broker-client-callbacks").factory());
    private final Set<RemoteGroupConsumer> consumers = ConcurrentHashMap.newKeySet();
    private volatile @Nullable ClientConnection connection;
    private volatile boolean closed;

    private RemoteBroker(ClientConfig config) {
        this.config = config;
    }

    /**
     * Connects to the broker {@code config} names.
     *
     * @throws BrokerUnavailableException when it cannot be reached
     * @throws BrokerException when it refuses the token or the protocol version
     */
    public static RemoteBroker connect(ClientConfig config) {
        RemoteBroker broker = new RemoteBroker(config);
        broker.connection();
        return broker;
    }

    /** The open connection, connecting again if the last one failed. */
    ClientConnection connection() {
        ClientConnection current = connection;
        if (current != null && current.isOpen()) {
            return current;
        }
        connectLock.lock();
        try {
            if (closed) {
                throw new BrokerException("this RemoteBroker is closed; connect a new one");
            }
            ClientConnection latest = connection;
            if (latest == null || !latest.isOpen()) {
                latest = ClientConnection.open(config);
                connection = latest;
            }
            return latest;
        }
        finally {
            connectLock.unlock();
        }
    }

    /** Reachable when a connection is open or can be opened now. */
    @Override
    public BrokerHealth health() {
        if (closed) {
            return new BrokerHealth(BrokerHealth.Status.CLOSED, "closed");
        }
        try {
            connection();
            return new BrokerHealth(BrokerHealth.Status.RUNNING, "");
        }
        catch (BrokerException ex) {
            return new BrokerHealth(BrokerHealth.Status.UNREACHABLE, "cannot reach the broker at " + config.host() + ":"
                    + config.port() + ": " + ex.getMessage());
        }
    }

    ClientConfig config() {
        return config;
    }

    /** Sends on the current connection; a failure to connect fails the future. */
    <R extends @Nullable Object> CompletableFuture<R> send(Request<R> request, Duration timeout) {
        try {
            return connection().send(request, timeout);
        }
        catch (BrokerException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** Sends and waits for the response, throwing the broker's exception. */
    <R extends @Nullable Object> R call(Request<R> request) {
        return await(send(request, config.requestTimeout()));
    }

    static <R extends @Nullable Object> R await(CompletableFuture<R> future) {
        try {
            return future.join();
        }
        catch (CompletionException ex) {
            throw ex.getCause() instanceof RuntimeException cause ? cause : ex;
        }
    }

    /** The same outcome, completed off the reader (see {@link CallerFuture}), so callers' callbacks never run there. */
    <R extends @Nullable Object> CompletableFuture<R> toCaller(CompletableFuture<R> internal) {
        CallerFuture<R, R> result = new CallerFuture<>(internal, value -> value);
        internal.whenCompleteAsync((value, failure) -> result.settle(), callbacks);
        return result;
    }

    @Override
    public TopicDescription createTopic(String topic, int partitions) {
        return call(new Request.CreateTopic(topic, partitions));
    }

    @Override
    public Optional<TopicDescription> describeTopic(String topic) {
        return call(new Request.DescribeTopic(topic));
    }

    @Override
    public CompletableFuture<RecordPosition> publish(String topic, NewRecord record) {
        return publishBatch(topic, List.of(record)).getFirst();
    }

    /**
     * Publishes {@code records} in one request (several if they exceed the server's frame limit), in order;
     * one future per record, all completing when the server answers.
     */
    public List<CompletableFuture<RecordPosition>> publishBatch(String topic, List<NewRecord> records) {
        List<CompletableFuture<RecordPosition>> results = new ArrayList<>(records.size());
        sendBatch(topic, records, results);
        return results;
    }

    /**
     * Sends {@code records} in one request, or in halves that fit the server's frame limit, and adds their futures
     * to {@code results}.
     */
    private void sendBatch(String topic, List<NewRecord> records, List<CompletableFuture<RecordPosition>> results) {
        CompletableFuture<List<PublishOutcome>> response = send(new Request.Publish(topic, records), config.requestTimeout());
        if (response.isCompletedExceptionally() && response.exceptionNow() instanceof RequestTooLargeException tooLarge) {
            if (records.size() == 1) {
                results.add(CompletableFuture.failedFuture(new RecordTooLargeException(tooLarge.frameBytes, tooLarge.limit)));
                return;
            }
            int half = records.size() / 2;
            sendBatch(topic, records.subList(0, half), results);
            sendBatch(topic, records.subList(half, records.size()), results);
            return;
        }
        List<CallerFuture<List<PublishOutcome>, RecordPosition>> futures = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            int index = i;
            futures.add(new CallerFuture<>(response, outcomes -> position(outcomes.get(index))));
        }
        response.whenCompleteAsync((outcomes, failure) -> futures.forEach(CallerFuture::settle), callbacks);
        results.addAll(futures);
    }

    private static RecordPosition position(PublishOutcome outcome) {
        if (outcome.error() != null) {
            throw outcome.error().toException();
        }
        return Objects.requireNonNull(outcome.position(), "a publish outcome has a position or an error");
    }

    @Override
    public List<StoredRecord> read(TopicPartition partition, long offset, int maxRecords) {
        return call(new Request.Read(partition, offset, maxRecords));
    }

    @Override
    public PartitionOffsets offsets(TopicPartition partition) {
        return call(new Request.Offsets(partition));
    }

    @Override
    public long committedOffset(String group, TopicPartition partition) {
        return call(new Request.CommittedOffset(group, partition));
    }

    @Override
    public GroupConsumer joinGroup(String group, Collection<String> topics) {
        RemoteGroupConsumer consumer = new RemoteGroupConsumer(this, group, List.copyOf(topics));
        consumers.add(consumer);
        return consumer;
    }

    void forget(RemoteGroupConsumer consumer) {
        consumers.remove(consumer);
    }

    /** Leaves the groups of its consumers, then closes the connection. */
    @Override
    public void close() {
        consumers.forEach(RemoteGroupConsumer::close);
        connectLock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
            }
        }
        finally {
            connectLock.unlock();
        }
        callbacks.shutdown();
    }
}
