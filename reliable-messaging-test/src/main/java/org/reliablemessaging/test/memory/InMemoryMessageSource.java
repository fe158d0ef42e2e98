package org.reliablemessaging.test.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.test.memory.InMemoryBroker.GroupPartition;

/**
 * One subscription's consumer on an {@link InMemoryBroker}: delivers each partition it holds in order, at most
 * {@code maxInFlight} messages unacknowledged, and commits a partition's offset only up to its first
 * unacknowledged message, so a stop leaves the rest for redelivery.
 */
final class InMemoryMessageSource implements MessageSource {

    private static final Duration IDLE_WAIT = Duration.ofMillis(200);

    /** In a test, handlers finish at once or are being abandoned: a stop need not wait long for them. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final InMemoryBroker broker;

    private final Subscription subscription;

    private final MessageDispatcher dispatcher;

    private final Clock clock;

    private final AtomicInteger inFlight = new AtomicInteger();

    /** The next offset to deliver, per partition held; only the delivering thread touches it. */
    private final Map<GroupPartition, Long> positions = new HashMap<>();

    /** Acknowledged offsets above each partition's committed one; guarded by itself. */
    private final Map<GroupPartition, TreeSet<Long>> acknowledged = new HashMap<>();

    private volatile boolean running;

    private volatile boolean paused;

    private @Nullable Thread delivering;

    InMemoryMessageSource(InMemoryBroker broker, Subscription subscription, MessageDispatcher dispatcher, Clock clock) {
        this.broker = broker;
        this.subscription = subscription;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        for (String topic : subscription.topics()) {
            for (int partition = 0; partition < broker.partitions(); partition++) {
                GroupPartition held = new GroupPartition(subscription.group(), topic, partition);
                if (broker.claim(held, this)) {
                    positions.put(held, broker.committed(held));
                    acknowledged.put(held, new TreeSet<>());
                }
            }
        }
        running = true;
        delivering = Thread.ofVirtual().name("in-memory-source-" + subscription.group()).start(this::deliver);
    }

    @Override
    public void stop() {
        Thread thread;
        synchronized (this) {
            running = false;
            thread = delivering;
            delivering = null;
        }
        if (thread == null) {
            return;
        }
        broker.signal();
        try {
            thread.join(STOP_TIMEOUT);
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                broker.awaitChange(IDLE_WAIT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            positions.keySet().forEach(held -> broker.release(held, this));
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        broker.signal();
    }

    private void deliver() {
        try {
            while (running) {
                if (!deliverSome()) {
                    broker.awaitChange(IDLE_WAIT);
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what each held partition has, within the in-flight limit; returns whether it delivered any. */
    private boolean deliverSome() {
        boolean delivered = false;
        for (Map.Entry<GroupPartition, Long> position : positions.entrySet()) {
            int room = subscription.maxInFlight() - inFlight.get();
            if (paused || !running || room <= 0) {
                return delivered;
            }
            GroupPartition held = position.getKey();
            List<OutboundMessage> messages = broker.read(held.topic(), held.partition(), position.getValue(), room);
            long offset = position.getValue();
            for (OutboundMessage message : messages) {
                inFlight.incrementAndGet();
                long at = offset++;
                dispatcher.dispatch(inbound(message, held, at), () -> acknowledge(held, at));
                delivered = true;
            }
            position.setValue(offset);
        }
        return delivered;
    }

    private InboundMessage inbound(OutboundMessage message, GroupPartition held, long offset) {
        return new InboundMessage(message.topic(), message.key(), message.allHeaders(), message.payload(),
                held.topic() + "-" + held.partition(), offset, clock.instant());
    }

    /** Commits the partition up to its first offset not yet acknowledged. */
    private void acknowledge(GroupPartition held, long offset) {
        TreeSet<Long> done = Objects.requireNonNull(acknowledged.get(held), "a held partition");
        synchronized (done) {
            done.add(offset);
            long next = broker.committed(held);
            while (done.remove(next)) {
                next++;
            }
            broker.commit(held, next);
        }
        inFlight.decrementAndGet();
        broker.signal();
    }
}
