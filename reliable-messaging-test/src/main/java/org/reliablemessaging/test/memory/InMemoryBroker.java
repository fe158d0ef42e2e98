package org.reliablemessaging.test.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.reliablemessaging.spi.transport.OutboundMessage;

/**
 * Topics in memory for fast tests, kept the way a broker keeps them: a message goes to a partition by its key (in
 * turn when it has none), each partition keeps its order, and each consumer group has a committed offset per
 * partition, so what a group did not acknowledge is delivered again after a restart. Nothing is ever removed.
 */
public final class InMemoryBroker {

    private final int partitions;

    /** Guarded by {@code this}, as everything below. */
    private final Map<String, List<List<OutboundMessage>>> topics = new HashMap<>();

    private final Map<GroupPartition, Long> committed = new HashMap<>();

    private final Map<GroupPartition, Object> owners = new HashMap<>();

    private int nextUnkeyed;

    /** A broker whose topics have {@code partitions} partitions each. */
    public InMemoryBroker(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partitions of every topic. */
    public int partitions() {
        return partitions;
    }

    /** Appends a message to its topic's partition and wakes the consumers. */
    public synchronized void append(OutboundMessage message) {
        String key = message.key();
        int partition = Math.floorMod(key == null ? nextUnkeyed++ : key.hashCode(), partitions);
        topic(message.topic()).get(partition).add(message);
        notifyAll();
    }

    /** Every message of {@code topic}, partition by partition, each in its order. */
    public synchronized List<OutboundMessage> messages(String topic) {
        List<OutboundMessage> all = new ArrayList<>();
        topic(topic).forEach(all::addAll);
        return all;
    }

    synchronized List<OutboundMessage> read(String topic, int partition, long from, int max) {
        List<OutboundMessage> log = topic(topic).get(partition);
        int start = (int) Math.min(from, log.size());
        return List.copyOf(log.subList(start, Math.min(log.size(), start + Math.max(0, max))));
    }

    synchronized long committed(GroupPartition partition) {
        return committed.getOrDefault(partition, 0L);
    }

    synchronized void commit(GroupPartition partition, long nextOffset) {
        committed.merge(partition, nextOffset, Math::max);
    }

    /** Takes {@code partition} for {@code owner} unless another source of the group holds it. */
    synchronized boolean claim(GroupPartition partition, Object owner) {
        topic(partition.topic());
        return owners.putIfAbsent(partition, owner) == null || owners.get(partition) == owner;
    }

    synchronized void release(GroupPartition partition, Object owner) {
        owners.remove(partition, owner);
        notifyAll();
    }

    /** Wakes whoever waits in {@link #awaitChange(Duration)}. */
    synchronized void signal() {
        notifyAll();
    }

    /** Waits until something is appended, acknowledged or released, or {@code most} passed. */
    synchronized void awaitChange(Duration most) throws InterruptedException {
        wait(Math.max(1, most.toMillis()));
    }

    private List<List<OutboundMessage>> topic(String name) {
        return topics.computeIfAbsent(name, created -> {
            List<List<OutboundMessage>> logs = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                logs.add(new ArrayList<>());
            }
            return logs;
        });
    }

    /** A group's view of one partition of a topic. */
    record GroupPartition(String group, String topic, int partition) {
    }
}
