package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code reliable.messaging.listener.lag} gauge of each partition that a reliable listener holds
 * in this application, tagged with group, topic and partition: the partition's end offset minus the
 * group's committed offset, read with an admin client every interval.
 *
 * <p>The offsets are read on a thread of its own, never a consumer's: a paused consumer fetches
 * nothing, so what it knows of the end offset would go stale just when a backlog builds up. A
 * partition's gauge appears once its lag was first read and goes when the partition is released.
 */
public final class KafkaListenerLag implements PartitionAssignmentListener, AutoCloseable {

    static final String METER = "reliable.messaging.listener.lag";

    private static final Logger log = LoggerFactory.getLogger(KafkaListenerLag.class);

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final Map<String, Object> adminConfig;

    private final MeterRegistry registry;

    private final Duration interval;

    /** Guarded by this: the partitions held, by group. */
    private final Map<String, Map<TopicPartition, PartitionLag>> held = new HashMap<>();

    /** Guarded by this; created with the first assignment, so an application without listeners has none. */
    private @Nullable ScheduledExecutorService reader;

    /** Guarded by this; created by the first read. */
    private @Nullable Admin admin;

    private boolean closed;

    /**
     * @param adminConfig how to connect an admin client to the cluster the listeners consume
     * @param interval how often the offsets are read
     */
    public KafkaListenerLag(Map<String, Object> adminConfig, MeterRegistry registry, Duration interval) {
        this.adminConfig = new LinkedHashMap<>(adminConfig);
        this.adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "rm-listener-lag-" + CLIENT_IDS.incrementAndGet());
        this.registry = registry;
        this.interval = interval;
    }

    @Override
    public synchronized void assigned(String group, Collection<TopicPartition> partitions) {
        if (closed || partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, PartitionLag> groupPartitions = held.computeIfAbsent(group, g -> new HashMap<>());
        partitions.forEach(partition -> groupPartitions.computeIfAbsent(partition, p -> new PartitionLag()));
        if (reader == null) {
            reader = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("rm-kafka-lag").daemon()
                .factory());
            reader.scheduleWithFixedDelay(this::readAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void released(String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionLag> groupPartitions = held.get(group);
        if (groupPartitions == null) {
            return;
        }
        for (TopicPartition partition : partitions) {
            PartitionLag lag = groupPartitions.remove(partition);
            if (lag != null && lag.gauge != null) {
                registry.remove(lag.gauge);
            }
        }
        if (groupPartitions.isEmpty()) {
            held.remove(group);
        }
    }

    private void readAll() {
        Map<String, Set<TopicPartition>> snapshot = new HashMap<>();
        Admin admin;
        synchronized (this) {
            if (closed) {
                return;
            }
            // Created here rather than on the consumer thread that made the first assignment.
            if (this.admin == null) {
                try {
                    this.admin = Admin.create(adminConfig);
                }
                catch (RuntimeException ex) {
                    // Thrown out of this task, it would end the schedule unseen; the next interval tries again.
                    log.warn("Could not create the admin client that reads listener lag from Kafka: {}", ex.toString());
                    return;
                }
            }
            admin = this.admin;
            held.forEach((group, partitions) -> snapshot.put(group, new HashSet<>(partitions.keySet())));
        }
        snapshot.forEach((group, partitions) -> {
            try {
                update(group, read(admin, group, partitions));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt(); // closing
            }
            catch (ExecutionException | TimeoutException | RuntimeException ex) {
                // The gauges keep their last values; the next interval tries again.
                log.warn("Could not read the lag of group {} from Kafka: {}", group, ex.toString());
            }
        });
    }

    /** End offset minus the committed offset, or the earliest offset where the group committed none. */
    private static Map<TopicPartition, Long> read(Admin admin, String group, Set<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
            .listConsumerGroupOffsets(Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)))
            .partitionsToOffsetAndMetadata(group)
            .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
        Set<TopicPartition> uncommitted = new HashSet<>(partitions);
        uncommitted.removeIf(partition -> committed.get(partition) != null);
        Map<TopicPartition, Long> from = uncommitted.isEmpty() ? new HashMap<>()
                : offsets(admin, uncommitted, OffsetSpec.earliest());
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                from.put(partition, offset.offset());
            }
        });
        Map<TopicPartition, Long> lags = new HashMap<>();
        end.forEach((partition, offset) -> lags.put(partition, Math.max(0, offset
                - Objects.requireNonNull(from.get(partition), () -> "no start offset of " + partition))));
        return lags;
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private synchronized void update(String group, Map<TopicPartition, Long> lags) {
        Map<TopicPartition, PartitionLag> groupPartitions = held.getOrDefault(group, Map.of());
        lags.forEach((partition, value) -> {
            // Released while it was read: its gauge is gone for good.
            PartitionLag lag = groupPartitions.get(partition);
            if (lag == null || closed) {
                return;
            }
            lag.value.set(value);
            if (lag.gauge == null) {
                lag.gauge = Gauge.builder(METER, lag.value, AtomicLong::get)
                    .description("Messages of the partition not yet committed by the group")
                    .tags("group", group, "topic", partition.topic(), "partition", Integer.toString(partition.partition()))
                    .register(registry);
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        held.values().forEach(partitions -> partitions.values().stream()
            .filter(lag -> lag.gauge != null)
            .forEach(lag -> registry.remove(lag.gauge)));
        held.clear();
        if (reader != null) {
            reader.shutdownNow();
        }
        if (admin != null) {
            // Whatever read is under way is of no use any more.
            admin.close(Duration.ZERO);
        }
    }

    /** The lag of one partition, and its gauge once the lag was first read. */
    private static final class PartitionLag {

        final AtomicLong value = new AtomicLong();

        @Nullable Gauge gauge;
    }
}
