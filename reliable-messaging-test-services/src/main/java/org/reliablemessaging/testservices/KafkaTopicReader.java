package org.reliablemessaging.testservices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads every record of a topic from the beginning, without a consumer group, to check what a
 * test sent there.
 */
public final class KafkaTopicReader {

    private KafkaTopicReader() {
    }

    /** Reads until {@code expected} records arrived or {@code timeout} passed, then a little longer for extras. */
    public static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            Instant deadline = Instant.now().plus(timeout);
            assignFromBeginning(consumer, topic, deadline, timeout);
            while (records.size() < expected && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /**
     * Reads everything the topic holds now, up to its end offsets when reading starts: when the
     * producers are done, every record and duplicate, however many.
     * @throws IllegalStateException if that takes longer than {@code timeout}
     */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(String bootstrapServers, String topic, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic, deadline, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition)
                    < Objects.requireNonNull(end.get(partition), "endOffsets answers for every partition asked"))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Read only " + records.size() + " records of " + topic + " in "
                            + timeout + ", short of its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** Assigns all partitions of {@code topic}, at their beginning, once it exists (with the relay's first send). */
    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic,
            Instant deadline, Duration timeout) {
        List<TopicPartition> partitions = List.of();
        while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
            partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
            if (partitions.isEmpty()) {
                pause();
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of a header as text, or null. */
    public static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value());
    }
}
