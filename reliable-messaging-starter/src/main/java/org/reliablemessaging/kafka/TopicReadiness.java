package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.transport.SendDeadline;

/**
 * Holds back the messages of a topic until the leader of each of its partitions can take writes.
 *
 * <p>A broker before Kafka 4.5 (KAFKA-15591) publishes a new partition's leader in its metadata a
 * moment before that leader hosts the partition. An idempotent producer with several requests in
 * flight to it can then have its first request refused with NOT_LEADER_OR_FOLLOWER and the next one
 * appended, since the broker takes any first sequence from a producer it has no state for; every
 * retry of the first then fails with OUT_OF_ORDER_SEQUENCE until it expires, and its messages, sent
 * again, land after later messages of their keys. A leader in the producer's metadata
 * proves nothing, as the producer only ever sends to a known leader; a ListOffsets answered by every
 * partition's leader does, as the broker needs the hosted partition for it as for a write.
 */
final class TopicReadiness implements AutoCloseable {

    private final Admin admin;

    private final Duration maxWait;

    /** Partitions seen ready once; the check is for a partition's creation, not for later leader changes. */
    private final Set<TopicPartition> ready = ConcurrentHashMap.newKeySet();

    /**
     * @param producerConfig the producer's configuration, whose connection settings the check uses too
     * @param maxWait longest wait for a topic, on top of the batch's deadline
     */
    TopicReadiness(Map<String, Object> producerConfig, Duration maxWait) {
        this.admin = Admin.create(adminConfig(producerConfig));
        this.maxWait = maxWait;
    }

    /**
     * Waits, within {@code deadline} and the maximum wait, until every partition of {@code topic}
     * the producer knows can take writes.
     * @return empty if they can, otherwise the outcome of the topic's messages, which must not be sent
     */
    Optional<SendOutcome> await(Producer<?, ?> producer, String topic, SendDeadline deadline) {
        List<TopicPartition> unchecked;
        try {
            // Blocks up to max.block.ms for the topic's metadata, and fails as a send would without it.
            unchecked = producer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition()))
                    .filter(partition -> !ready.contains(partition))
                    .toList();
        }
        catch (RuntimeException ex) {
            return Optional.of(KafkaErrorClassifier.outcomeOf(ex));
        }
        if (unchecked.isEmpty()) {
            return Optional.empty();
        }
        long waitMillis = Math.min(Math.min(maxWait.toMillis(), deadline.remaining().toMillis()), Integer.MAX_VALUE);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        unchecked.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs((int) waitMillis))
                    .all()
                    .get(waitMillis, TimeUnit.MILLISECONDS);
            ready.addAll(unchecked);
            return Optional.empty();
        }
        catch (ExecutionException ex) {
            return Optional.of(notReady(topic, Objects.requireNonNullElse(ex.getCause(), ex)));
        }
        catch (TimeoutException ex) {
            return Optional.of(notReady(topic, ex));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.of(notReady(topic, ex));
        }
    }

    /** Retryable whatever the cause: the messages themselves have not been tried. */
    private static SendOutcome notReady(String topic, Throwable cause) {
        return SendOutcome.retryable("topic '" + topic + "' has partitions whose leader cannot take writes yet: "
                + SendOutcome.errorText(cause));
    }

    /** The producer's configuration less its producer-only settings, under a client id of its own. */
    private static Map<String, Object> adminConfig(Map<String, Object> producerConfig) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        // Settings unknown to Kafka stay: Boot's SSL engine factory, say, reads its bundle from one.
        config.keySet().removeIf(name -> ProducerConfig.configNames().contains(name)
                && !AdminClientConfig.configNames().contains(name));
        config.computeIfPresent(CommonClientConfigs.CLIENT_ID_CONFIG, (name, id) -> id + "-readiness");
        return config;
    }

    /** Closes the admin client, failing any check still under way: its batch is given up with it. */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
    }
}
