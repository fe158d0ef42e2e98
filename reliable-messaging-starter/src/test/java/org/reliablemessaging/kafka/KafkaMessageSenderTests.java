package org.reliablemessaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.TransportTestMessages.keyedMessages;
import static org.reliablemessaging.TransportTestMessages.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.test.util.TestSocketUtils;

class KafkaMessageSenderTests {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private static KafkaMessageSender sender;

    @BeforeAll
    static void startSender() {
        sender = new KafkaMessageSender(config(Map.of()), SEND_TIMEOUT);
    }

    @AfterAll
    static void closeSender() {
        sender.close();
    }

    @Test
    void confirmsBatchAndConsumerReadsEveryMessageBackIntact() throws Exception {
        String topic = newTopic("rm-kafka-roundtrip", 3);
        List<OutboundMessage> batch = new ArrayList<>(keyedMessages(topic, 20, 4));
        batch.add(message(topic, null, 0));

        List<SendOutcome> outcomes = sender.send(batch).get(30, TimeUnit.SECONDS);

        assertThat(outcomes).hasSize(batch.size()).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
        Map<String, ConsumerRecord<String, byte[]>> byId = new HashMap<>();
        consume(topic, batch.size()).forEach(record -> byId.put(header(record, ReliableHeaders.ID), record));
        assertThat(byId).hasSize(batch.size());
        for (OutboundMessage message : batch) {
            ConsumerRecord<String, byte[]> record = byId.get(message.id().toString());
            assertThat(record.key()).isEqualTo(message.key());
            assertThat(record.value()).isEqualTo(message.payload());
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(headers).isEqualTo(message.allHeaders());
        }
    }

    @Test
    void keepsTheOrderOfEachKeysMessages() throws Exception {
        String topic = newTopic("rm-kafka-order", 3);
        List<OutboundMessage> batch = keyedMessages(topic, 1000, 50);

        List<SendOutcome> outcomes = sender.send(batch).get(30, TimeUnit.SECONDS);

        assertThat(outcomes).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
        assertEveryKeysSequencesInOrder(topic, batch.size(), 50, 20);
    }

    @Test
    void keepsTheOrderOfEachKeysMessagesOnATopicCreatedJustBefore() throws Exception {
        // Many small requests in flight at once, as when a backlog for a new topic is relayed: the
        // first could be refused by a leader not yet hosting its partition while the next is appended.
        try (KafkaMessageSender pipelining = new KafkaMessageSender(config(Map.of(ProducerConfig.LINGER_MS_CONFIG,
                "0", ProducerConfig.BATCH_SIZE_CONFIG, "2048")), SEND_TIMEOUT)) {
            String topic = newTopic("rm-kafka-new", 3);
            List<OutboundMessage> batch = keyedMessages(topic, 1000, 50);

            List<SendOutcome> outcomes = pipelining.send(batch).get(30, TimeUnit.SECONDS);

            assertThat(outcomes).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
            assertEveryKeysSequencesInOrder(topic, batch.size(), 50, 20);
        }
    }

    @Test
    void recordLargerThanMaxRequestSizeFailsPermanentlyAndAloneInItsBatch() throws Exception {
        String topic = newTopic("rm-kafka-large", 1);
        OutboundMessage small = message(topic, "k", 1);
        OutboundMessage large = new OutboundMessage(UUID.randomUUID(), topic, "k", 2, "Big", Map.of(),
                new byte[8192], small.publishedAt());
        try (KafkaMessageSender smallRequests = new KafkaMessageSender(
                config(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4096")), SEND_TIMEOUT)) {

            List<SendOutcome> outcomes = smallRequests.send(List.of(small, large)).get(30, TimeUnit.SECONDS);

            assertThat(outcomes.get(0).status()).isEqualTo(Status.CONFIRMED);
            assertThat(outcomes.get(1).status()).isEqualTo(Status.PERMANENT);
            assertThat(outcomes.get(1).error()).contains("RecordTooLargeException");
        }
    }

    @Test
    void unreachableBrokerMakesEveryMessageRetryableWithinTheTimeout() throws Exception {
        Duration sendTimeout = Duration.ofSeconds(3);
        Map<String, Object> unreachable = RelayProducerConfig.of(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + TestSocketUtils.findAvailableTcpPort()),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "500", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "1500"), sendTimeout);
        List<OutboundMessage> batch = new ArrayList<>(keyedMessages("rm-kafka-down-a", 50, 5));
        batch.addAll(keyedMessages("rm-kafka-down-b", 50, 5));
        try (KafkaMessageSender down = new KafkaMessageSender(unreachable, sendTimeout)) {
            long start = System.nanoTime();

            var future = down.send(batch);
            long returnedAfter = System.nanoTime() - start;
            List<SendOutcome> outcomes = future.get(10, TimeUnit.SECONDS);
            long completedAfter = System.nanoTime() - start;

            // One metadata wait (max.block.ms) per topic, not per message.
            assertThat(Duration.ofNanos(returnedAfter)).isLessThan(Duration.ofMillis(2500));
            assertThat(Duration.ofNanos(completedAfter)).isLessThan(sendTimeout.plusMillis(500));
            assertThat(outcomes).hasSize(batch.size()).allMatch(outcome -> outcome.status() == Status.RETRYABLE);
            assertThat(outcomes.get(0).error()).contains("TimeoutException");
        }
    }

    /** A new topic with exactly {@code partitions} partitions, whatever the broker's default. */
    private static String newTopic(String prefix, int partitions) throws Exception {
        String topic = TestNames.unique(prefix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    private static Map<String, Object> config(Map<String, String> overrides) {
        return RelayProducerConfig.of(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafkaBootstrapServers()), overrides,
                SEND_TIMEOUT);
    }
    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(), topic,
                count, Duration.ofSeconds(30));
        assertThat(records).hasSize(count);
        return records;
    }

    /** Asserts that each of the {@code keys} keys came back with its sequences 1 to {@code perKey} in order. */
    private static void assertEveryKeysSequencesInOrder(String topic, int count, int keys, int perKey) {
        Map<String, List<Long>> sequencesByKey = new HashMap<>();
        // Records of one key share a partition, and records of one partition come back in offset order.
        for (ConsumerRecord<String, byte[]> record : consume(topic, count)) {
            sequencesByKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(Long.parseLong(header(record, ReliableHeaders.SEQUENCE)));
        }
        assertThat(sequencesByKey).hasSize(keys);
        List<Long> expected = LongStream.rangeClosed(1, perKey).boxed().toList();
        assertThat(sequencesByKey.values()).allSatisfy(sequences -> assertThat(sequences).isEqualTo(expected));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
