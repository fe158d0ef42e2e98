package org.reliablemessaging.broker.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * The records callers publish to one topic, gathered into one request while the request before it is being
 * sent, as Kafka's producer gathers a batch, but without waiting for more: a record that finds nothing being
 * sent goes out at once, alone.
 *
 * <p>A virtual thread sends, started when a record finds none running and ending when nothing waits; it takes
 * every record waiting into the next request, so records go out in the order they were added. At most
 * {@code capacity} records wait: a caller adding more waits for room, which the sender makes as it takes them.
 *
 * @param <T> a record on its way, with what its caller waits on
 */
final class PublishQueue<T> {

    private final Queue<T> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Semaphore room;
    private final String name;
    private final int maxRecords;
    private final int maxBytes;
    private final ToIntFunction<T> size;
    private final Consumer<List<T>> send;

    /**
     * @param name the sending thread's name
     * @param capacity most records waiting
     * @param maxRecords most records in one request
     * @param maxBytes a request takes no further record once its records reach this many bytes
     * @param size a record's size in bytes
     * @param send sends one request of the records given, in order; must not throw
     */
    PublishQueue(String name, int capacity, int maxRecords, int maxBytes, ToIntFunction<T> size, Consumer<List<T>> send) {
        this.name = name;
        this.room = new Semaphore(capacity);
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
        this.size = size;
        this.send = send;
    }

    /** Adds {@code records} in order, waiting while the queue is full, and starts the sender unless it runs. */
    void add(List<T> records) {
        for (T record : records) {
            room.acquireUninterruptibly();
            waiting.add(record);
        }
        if (sending.compareAndSet(false, true)) {
            Thread.ofVirtual().name(name).start(this::sendWhileWaiting);
        }
    }

    private void sendWhileWaiting() {
        do {
            List<T> batch;
            while (!(batch = next()).isEmpty()) {
                send.accept(batch);
            }
            // Clearing the flag before looking again: a record added meanwhile is sent by this loop or starts a sender.
            sending.set(false);
        }
        while (!waiting.isEmpty() && sending.compareAndSet(false, true));
    }

    private List<T> next() {
        List<T> batch = new ArrayList<>();
        int bytes = 0;
        T record;
        while (batch.size() < maxRecords && bytes < maxBytes && (record = waiting.poll()) != null) {
            batch.add(record);
            bytes += size.applyAsInt(record);
        }
        room.release(batch.size());
        return batch;
    }
}
