package org.reliablemessaging.broker.client;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * <p>Records published to one topic while its last request is being sent share the next request
 * ({@link PublishQueue}), in the order they were published; a record published alone goes out at once.
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

    /** Most records one publish request gathers. */
    private static final int MAX_REQUEST_RECORDS = 512;
    /** A publish request takes no further record once its records reach this size. */
    private static final int MAX_REQUEST_BYTES = 1024 * 1024;

    private final ClientConfig config;
    private final ReentrantLock connectLock = new ReentrantLock();
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("broker-client-callbacks").factory());
    private final Set<RemoteGroupConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Map<String, PublishQueue<Outgoing>> publishQueues = new ConcurrentHashMap<>();
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

    /**
     * Publishes {@code record}; it shares a request with the records published to its topic meanwhile, as
     * {@link PublishQueue} tells.
     */
    @Override
    public CompletableFuture<RecordPosition> publish(String topic, NewRecord record) {
        Outgoing outgoing = Outgoing.of(record);
        publishQueue(topic).add(List.of(outgoing));
        return outgoing.caller();
    }

    /**
     * Publishes {@code records} in order, in one request with any published to the topic meanwhile (several if
     * they exceed a request's size); one future per record, completing when the server answers its request.
     */
    public List<CompletableFuture<RecordPosition>> publishBatch(String topic, List<NewRecord> records) {
        List<Outgoing> batch = records.stream().map(Outgoing::of).toList();
        publishQueue(topic).add(batch);
        return batch.stream().<CompletableFuture<RecordPosition>>map(Outgoing::caller).toList();
    }

    private PublishQueue<Outgoing> publishQueue(String topic) {
        return publishQueues.computeIfAbsent(topic, name -> new PublishQueue<>("broker-client-publish-" + name,
                config.maxInFlight(), MAX_REQUEST_RECORDS, MAX_REQUEST_BYTES, Outgoing::bytes,
                batch -> sendBatch(name, batch)));
    }

    /** Sends {@code batch} in one request, or in halves that fit the server's frame limit. */
    private void sendBatch(String topic, List<Outgoing> batch) {
        CompletableFuture<List<PublishOutcome>> response;
        try {
            response = send(new Request.Publish(topic, batch.stream().map(Outgoing::record).toList()),
                    config.requestTimeout());
        }
        catch (RuntimeException ex) {
            // on the queue's sending thread: the records' callers hear of it, nobody else would
            response = CompletableFuture.failedFuture(ex);
        }
        if (response.isCompletedExceptionally() && response.exceptionNow() instanceof RequestTooLargeException tooLarge) {
            if (batch.size() == 1) {
                Outgoing only = batch.getFirst();
                only.outcome().completeExceptionally(new RecordTooLargeException(tooLarge.frameBytes, tooLarge.limit));
                only.caller().settle();
                return;
            }
            int half = batch.size() / 2;
            sendBatch(topic, batch.subList(0, half));
            sendBatch(topic, batch.subList(half, batch.size()));
            return;
        }
        // Each record's outcome on the thread that reads the response, which wakes a caller waiting for it at once;
        // the callers' futures then on the callback thread.
        response.whenComplete((outcomes, failure) -> {
            for (int i = 0; i < batch.size(); i++) {
                if (failure != null) {
                    batch.get(i).outcome().completeExceptionally(failure);
                }
                else {
                    batch.get(i).outcome().complete(outcomes.get(i));
                }
            }
        }).whenCompleteAsync((outcomes, failure) -> batch.forEach(outgoing -> outgoing.caller().settle()), callbacks);
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

    /** A record on its way: the outcome its request's response gives it, and the future its caller holds. */
    private record Outgoing(NewRecord record, CompletableFuture<PublishOutcome> outcome,
            CallerFuture<PublishOutcome, RecordPosition> caller) {

        static Outgoing of(NewRecord record) {
            CompletableFuture<PublishOutcome> outcome = new CompletableFuture<>();
            return new Outgoing(record, outcome, new CallerFuture<>(outcome, RemoteBroker::position));
        }

        /** Roughly what the record adds to a request: its value and a little for its key, headers and framing. */
        int bytes() {
            return record.value().length + 64;
        }
    }
}
