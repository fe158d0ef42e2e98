package org.reliablemessaging.file;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.transport.InFlightPartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one consumer group's messages from the file broker as a member of the broker's consumer
 * group, and commits, per partition, only up to the first message the dispatcher has not
 * acknowledged yet.
 *
 * <p>One thread polls, delivers and commits. When the broker revokes partitions (another member
 * joined or left), it waits up to {@code revocationTimeout} for their messages in flight, commits
 * what is contiguous and releases them; what is still unacknowledged is abandoned and redelivered to
 * the next owner. While paused it keeps polling for assignment changes only, so a rebalance never
 * waits for a paused member.
 */
public final class FileMessageSource implements MessageSource {

    static final Duration POLL_WAIT = Duration.ofMillis(500);

    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private static final int MAX_POLL_RECORDS = 500;

    private static final Logger log = LoggerFactory.getLogger(FileMessageSource.class);

    private final BrokerClient broker;

    private final Subscription subscription;

    private final MessageDispatcher dispatcher;

    private final Duration revocationTimeout;

    private final Duration shutdownTimeout;

    /** Next offset to commit per partition, raised by acknowledgements, taken by the polling thread. */
    private final Map<TopicPartition, Long> committable = new ConcurrentHashMap<>();

    private volatile boolean paused;

    private volatile boolean running;

    private @Nullable Thread poller;

    /**
     * A source, not started yet.
     * @param revocationTimeout longest wait for the messages in flight of revoked partitions
     * @param shutdownTimeout longest wait for the messages in flight on {@link #stop()}
     */
    public FileMessageSource(BrokerClient broker, Subscription subscription, MessageDispatcher dispatcher,
            Duration revocationTimeout, Duration shutdownTimeout) {
        this.broker = broker;
        this.subscription = subscription;
        this.dispatcher = dispatcher;
        this.revocationTimeout = revocationTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public synchronized void start() {
        if (poller != null) {
            throw new IllegalStateException("file broker source already started: group=" + subscription.group());
        }
        // Joined here, so that an unusable broker fails the start instead of a background thread.
        GroupConsumer consumer = broker.joinGroup(subscription.group(), subscription.topics());
        running = true;
        poller = Thread.ofVirtual().name("rm-file-" + subscription.group()).start(() -> consume(consumer));
        log.info("File broker source started: group={} topics={} member={}", subscription.group(),
                subscription.topics(), consumer.memberId());
    }

    @Override
    public synchronized void stop() {
        Thread stopping = poller;
        if (stopping == null) {
            return;
        }
        running = false;
        try {
            stopping.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the file broker source of group "
                    + subscription.group() + "; unacknowledged messages are redelivered", ex);
        }
        finally {
            poller = null;
        }
        log.info("File broker source stopped: group={} topics={}", subscription.group(), subscription.topics());
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    private void consume(GroupConsumer consumer) {
        InFlightPartitions<TopicPartition> inFlight = new InFlightPartitions<>(subscription.group());
        try (consumer) {
            while (running) {
                pollOnce(consumer, inFlight);
            }
            inFlight.drainAll(shutdownTimeout);
            commit(consumer);
        }
        catch (RuntimeException ex) {
            log.error("File broker source failed; unacknowledged messages are redelivered: group={}",
                    subscription.group(), ex);
        }
    }

    private void pollOnce(GroupConsumer consumer, InFlightPartitions<TopicPartition> inFlight) {
        try {
            commit(consumer);
            Fetch fetch = consumer.poll(paused ? 0 : Math.min(MAX_POLL_RECORDS, subscription.maxInFlight()), POLL_WAIT);
            if (!fetch.revoked().isEmpty()) {
                release(consumer, inFlight, fetch.revoked());
            }
            for (StoredRecord record : fetch.records()) {
                deliver(inFlight, record);
            }
        }
        catch (BrokerException ex) {
            // The broker restarts or the connection is down: the membership comes back with it.
            log.warn("File broker unavailable to group {}, retrying in {} ms: {}", subscription.group(),
                    RETRY_DELAY.toMillis(), ex.getMessage());
            sleep(RETRY_DELAY);
        }
    }

    private void release(GroupConsumer consumer, InFlightPartitions<TopicPartition> inFlight,
            List<TopicPartition> revoked) {
        inFlight.drain(revoked, revocationTimeout, "revocation");
        commit(consumer);
        revoked.forEach(committable::remove);
        consumer.release(revoked);
        log.info("File broker partitions released: group={} partitions={}", subscription.group(), revoked);
    }

    private void deliver(InFlightPartitions<TopicPartition> inFlight, StoredRecord record) {
        TopicPartition partition = record.partition();
        long next = record.offset() + 1;
        Acknowledgement acknowledgement = inFlight.track(partition, record.offset(),
                () -> committable.merge(partition, next, Math::max));
        try {
            dispatcher.dispatch(FileInboundMessages.of(record), acknowledgement);
        }
        catch (RuntimeException ex) {
            // Unacknowledged, it holds back its partition's commits and is redelivered after a restart or rebalance.
            log.error("Dispatcher failed to accept a message: group={} partition={} offset={}", subscription.group(),
                    partition, record.offset(), ex);
        }
    }

    /** Commits what was acknowledged since the last commit, and waits for it, so a release follows its commit. */
    private void commit(GroupConsumer consumer) {
        if (committable.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> offsets = Map.copyOf(committable);
        // remove(key, value): an offset raised by an acknowledgement meanwhile stays for the next commit.
        offsets.forEach(committable::remove);
        try {
            consumer.commit(offsets).join();
        }
        catch (RuntimeException ex) {
            // Not ours any more, or the broker is down: the next owner gets these messages again.
            log.warn("File broker commit failed; the messages are redelivered: group={} offsets={} error={}",
                    subscription.group(), offsets, ex.getMessage());
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
