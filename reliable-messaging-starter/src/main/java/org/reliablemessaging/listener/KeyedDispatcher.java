package org.reliablemessaging.listener;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.Ordering;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs received messages in lanes: messages of one lane (a key, or a partition) one at a time in
 * arrival order, different lanes in parallel on virtual threads, at most {@code concurrency}
 * messages being handled at once. A message waiting for a retry holds its lane, never a permit,
 * so other lanes keep flowing. When {@code maxInFlight} messages are received but not yet
 * acknowledged, the source is paused until half of them are done.
 */
final class KeyedDispatcher implements MessageDispatcher {

    private static final Logger log = LoggerFactory.getLogger(KeyedDispatcher.class);

    private final Ordering ordering;

    private final int maxInFlight;

    private final MessageProcessor processor;

    private final Semaphore permits;

    private final Map<Object, Lane> lanes = new HashMap<>();

    private final AtomicInteger inFlight;

    private volatile @Nullable MessageSource source;

    private boolean paused;

    /** @param inFlight counts messages received and not yet settled, shared with metrics */
    KeyedDispatcher(Ordering ordering, int concurrency, int maxInFlight, AtomicInteger inFlight,
            MessageProcessor processor) {
        if (concurrency < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("concurrency and maxInFlight must be at least 1, were " + concurrency
                    + " and " + maxInFlight);
        }
        this.ordering = ordering;
        this.maxInFlight = maxInFlight;
        this.inFlight = inFlight;
        this.processor = processor;
        this.permits = new Semaphore(concurrency);
    }

    /** The source to pause and resume; set before it starts. */
    void flowControl(MessageSource source) {
        this.source = source;
    }

    @Override
    public void dispatch(InboundMessage message, Acknowledgement acknowledgement) {
        Delivery delivery = new Delivery(message, acknowledgement);
        if (inFlight.incrementAndGet() >= maxInFlight) {
            setPaused(true);
        }
        Object laneKey = laneKey(message);
        if (laneKey == null) {
            Thread.ofVirtual().name("rm-listener").start(() -> run(delivery));
            return;
        }
        boolean startLane;
        synchronized (lanes) {
            Lane lane = lanes.computeIfAbsent(laneKey, key -> new Lane());
            lane.waiting.add(delivery);
            startLane = !lane.running;
            lane.running = true;
        }
        if (startLane) {
            Thread.ofVirtual().name("rm-listener-lane").start(() -> drain(laneKey));
        }
    }

    private @Nullable Object laneKey(InboundMessage message) {
        return switch (ordering) {
            case KEY -> message.key() == null ? null : new TopicKey(message.topic(), message.key());
            case PARTITION -> message.partition();
            case NONE -> null;
        };
    }

    /** Runs a lane's messages one after another until it is empty, then retires it. */
    private void drain(Object laneKey) {
        while (true) {
            Delivery next;
            synchronized (lanes) {
                Lane lane = Objects.requireNonNull(lanes.get(laneKey), "a lane is only retired by its drain");
                next = lane.waiting.poll();
                if (next == null) {
                    lanes.remove(laneKey);
                    return;
                }
            }
            run(next);
        }
    }

    private void run(Delivery delivery) {
        try {
            processor.process(delivery.message(), permits);
            delivery.acknowledgement().acknowledge();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            log.info("Listener stopped while handling message {}; it is left to redelivery", delivery.message().messageId());
        }
        catch (RuntimeException ex) {
            // Unexpected: the processor settles every failure itself, waiting as long as it takes to
            // store a dead letter. Unacknowledged, the message comes back after redelivery.
            log.error("Message {} of {} could not be settled and is left unacknowledged for redelivery",
                    delivery.message().messageId(), delivery.message().partition(), ex);
        }
        finally {
            if (inFlight.decrementAndGet() <= maxInFlight / 2) {
                setPaused(false);
            }
        }
    }

    private void setPaused(boolean pause) {
        MessageSource current = source;
        synchronized (this) {
            if (current == null || paused == pause) {
                return;
            }
            paused = pause;
        }
        if (pause) {
            current.pause();
        }
        else {
            current.resume();
        }
    }

    /** Received and not yet acknowledged (or given up). */
    int inFlight() {
        return inFlight.get();
    }

    /** Waits until nothing is in flight, or {@code timeout} passed; returns whether it got there. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    private record Delivery(InboundMessage message, Acknowledgement acknowledgement) {
    }

    private record TopicKey(String topic, String key) {
    }

    private static final class Lane {

        private final Queue<Delivery> waiting = new ArrayDeque<>();

        private boolean running;
    }
}
