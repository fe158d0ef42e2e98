package org.reliablemessaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;
import org.reliablemessaging.transport.RecordingDispatcher;
import org.reliablemessaging.transport.RecordingDispatcher.Delivery;

/** KafkaMessageSource against the shared test broker, with a dispatcher that lets each test acknowledge. */
class KafkaMessageSourceTests {

    /** Short, so that stopping or rebalancing with messages deliberately left unacknowledged is quick. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Admin admin;

    private static KafkaProducer<String, byte[]> producer;

    private static Map<String, Object> consumerConfig;

    private static KafkaMessageSourceFactory factory;

    private final List<MessageSource> sources = new ArrayList<>();

    @BeforeAll
    static void connect() {
        Map<String, Object> connection = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers());
        admin = Admin.create(connection);
        producer = new KafkaProducer<>(connection, new StringSerializer(), new ByteArraySerializer());
        // Quick heartbeats, so that members learn of a rebalance soon after another joins or leaves.
        consumerConfig = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafkaBootstrapServers(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "300");
        factory = new KafkaMessageSourceFactory(consumerConfig, DRAIN_TIMEOUT, DRAIN_TIMEOUT, PartitionAssignmentListener.NONE);
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        admin.close();
    }

    @AfterEach
    void stopSources() {
        sources.forEach(MessageSource::stop);
    }

    @Test
    void deliversEveryMessageIntact() throws Exception {
        String topic = newTopic("rm-source-intact");
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        start(TestNames.unique("rm-group"), topic, dispatcher);
        List<ProducerRecord<String, byte[]>> sent = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "key-" + i, bytes("payload-" + i));
            record.headers().add(ReliableHeaders.ID, bytes("id-" + i)).add("tenant", bytes("acme-ü"));
            sent.add(record);
        }
        // No record key: the rm-key header stands in. No value: a tombstone.
        ProducerRecord<String, byte[]> keyInHeader = new ProducerRecord<>(topic, 1, null, null);
        keyInHeader.headers().add(ReliableHeaders.ID, bytes("id-9")).add(ReliableHeaders.KEY, bytes("header-key"));
        sent.add(keyInHeader);

        Map<String, RecordMetadata> sentById = new HashMap<>();
        for (ProducerRecord<String, byte[]> record : sent) {
            sentById.put(text(record.headers().lastHeader(ReliableHeaders.ID).value()),
                    producer.send(record).get(10, TimeUnit.SECONDS));
        }

        List<Delivery> deliveries = dispatcher.awaitCount(sent.size());
        assertThat(deliveries).hasSize(sent.size());
        Set<String> partitionsUsed = new TreeSet<>();
        for (Delivery delivery : deliveries) {
            InboundMessage message = delivery.message();
            RecordMetadata metadata = sentById.get(message.messageId());
            assertThat(message.topic()).isEqualTo(topic);
            assertThat(message.partition()).isEqualTo(topic + "-" + metadata.partition());
            assertThat(message.offset()).isEqualTo(metadata.offset());
            assertThat(message.receivedAt()).isNotNull();
            partitionsUsed.add(message.partition());
            if (message.messageId().equals("id-9")) {
                assertThat(message.key()).isEqualTo("header-key");
                assertThat(message.payload()).isEmpty();
                continue;
            }
            String n = message.messageId().substring("id-".length());
            assertThat(message.key()).isEqualTo("key-" + n);
            assertThat(message.payload()).isEqualTo(bytes("payload-" + n));
            assertThat(message.headers()).containsExactlyInAnyOrderEntriesOf(
                    Map.of(ReliableHeaders.ID, "id-" + n, "tenant", "acme-ü"));
        }
        assertThat(partitionsUsed).hasSize(3);
    }

    @Test
    void commitsOnlyUpToTheFirstUnacknowledgedMessageOfAPartition() throws Exception {
        String topic = newTopic("rm-source-order");
        String group = TestNames.unique("rm-group");
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        start(group, topic, dispatcher);
        send(topic, 0, 3);
        send(topic, 1, 1);
        dispatcher.awaitCount(4);

        dispatcher.at(topic + "-0", 2).acknowledge();
        dispatcher.at(topic + "-0", 1).acknowledge();
        dispatcher.at(topic + "-1", 0).acknowledge();

        // Partition 1's commit goes out with the same or a later commit than anything of partition 0.
        awaitCommitted(group, new TopicPartition(topic, 1), 1);
        assertThat(committed(group).get(new TopicPartition(topic, 0))).isIn(null, 0L);

        dispatcher.at(topic + "-0", 0).acknowledge();

        awaitCommitted(group, new TopicPartition(topic, 0), 3);
    }

    @Test
    void redeliversWhatWasNotCommittedAfterARestart() throws Exception {
        String topic = newTopic("rm-source-restart");
        String group = TestNames.unique("rm-group");
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        MessageSource source = start(group, topic, dispatcher);
        send(topic, 0, 4);
        dispatcher.awaitCount(4);
        for (long offset : new long[] { 0, 1, 3 }) {
            dispatcher.at(topic + "-0", offset).acknowledge();
        }
        awaitCommitted(group, new TopicPartition(topic, 0), 2);

        source.stop();
        source.start();

        List<Delivery> again = dispatcher.awaitCount(6).subList(4, 6);
        // Offset 3 was acknowledged, but 2 was not: both come again, in order; 0 and 1 do not.
        assertThat(again).extracting(Delivery::position).containsExactly(topic + "-0@2", topic + "-0@3");
        again.forEach(Delivery::acknowledge);
        awaitCommitted(group, new TopicPartition(topic, 0), 4);
    }

    @Test
    void deliversNothingNewWhilePaused() throws Exception {
        String topic = newTopic("rm-source-pause");
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        MessageSource source = start(TestNames.unique("rm-group"), topic, dispatcher);
        send(topic, 0, 2);
        dispatcher.awaitCount(2);

        source.pause();
        source.pause();
        // A poll already under way when pause() returns may still bring records: let it end.
        Thread.sleep(KafkaMessageSource.POLL_TIMEOUT.plusMillis(200));
        send(topic, 0, 3);
        Thread.sleep(1000);
        assertThat(dispatcher.deliveries()).hasSize(2);

        source.resume();
        source.resume();

        assertThat(dispatcher.awaitCount(5)).extracting(Delivery::position)
                .containsExactly(topic + "-0@0", topic + "-0@1", topic + "-0@2", topic + "-0@3", topic + "-0@4");
    }

    @Test
    void partitionsOfAStoppedMemberMoveToTheOtherWithTheirUnacknowledgedMessages() throws Exception {
        String topic = newTopic("rm-source-rebalance");
        String group = TestNames.unique("rm-group");
        RecordingDispatcher first = new RecordingDispatcher();
        RecordingDispatcher second = new RecordingDispatcher();
        MessageSource firstSource = start(group, topic, first);
        start(group, topic, second);
        awaitMembersWithPartitions(group, 2);
        for (int partition = 0; partition < 3; partition++) {
            send(topic, partition, 2);
        }
        await().atMost(TIMEOUT).until(() -> first.deliveries().size() + second.deliveries().size() == 6);
        Set<String> firstPartitions = partitions(first.deliveries());
        assertThat(firstPartitions).isNotEmpty().doesNotContainAnyElementsOf(partitions(second.deliveries()));

        int secondBefore = second.deliveries().size();
        second.deliveries().forEach(Delivery::acknowledge);
        first.deliveries().stream().filter(delivery -> delivery.message().offset() == 0).forEach(Delivery::acknowledge);
        firstSource.stop();

        // The second member gets exactly what the first left unacknowledged; partitions keep their order,
        // so anything committed that came again would show up among these.
        List<String> expectedAgain = firstPartitions.stream().map(partition -> partition + "@1").toList();
        List<Delivery> again = second.awaitCount(secondBefore + expectedAgain.size())
                .subList(secondBefore, secondBefore + expectedAgain.size());
        assertThat(again).extracting(Delivery::position).containsExactlyInAnyOrderElementsOf(expectedAgain);
        again.forEach(Delivery::acknowledge);
        for (int partition = 0; partition < 3; partition++) {
            awaitCommitted(group, new TopicPartition(topic, partition), 2);
        }
    }

    @Test
    void revocationWaitsForMessagesInFlightAndCommitsThem() throws Exception {
        Duration revocationTimeout = Duration.ofSeconds(10);
        KafkaMessageSourceFactory patient = new KafkaMessageSourceFactory(consumerConfig, revocationTimeout,
                DRAIN_TIMEOUT, PartitionAssignmentListener.NONE);
        String topic = newTopic("rm-source-revoke");
        String group = TestNames.unique("rm-group");
        RecordingDispatcher first = new RecordingDispatcher();
        RecordingDispatcher second = new RecordingDispatcher();
        start(patient, group, topic, first);
        for (int partition = 0; partition < 3; partition++) {
            send(topic, partition, 1);
        }
        first.awaitCount(3);

        start(patient, group, topic, second);
        await("a rebalance held up by the first member's revocation wait").atMost(TIMEOUT)
                .until(() -> describe(group).groupState() == GroupState.PREPARING_REBALANCE);
        // A heartbeat and a poll later, the first member is inside its revocation wait, holding the rebalance up.
        Thread.sleep(KafkaMessageSource.POLL_TIMEOUT.plusMillis(500));
        long acknowledgedAt = System.nanoTime();
        first.deliveries().forEach(Delivery::acknowledge);

        awaitMembersWithPartitions(group, 2);
        assertThat(Duration.ofNanos(System.nanoTime() - acknowledgedAt)).isLessThan(revocationTimeout.minusSeconds(2));
        for (int partition = 0; partition < 3; partition++) {
            awaitCommitted(group, new TopicPartition(topic, partition), 1);
        }
        for (int partition = 0; partition < 3; partition++) {
            send(topic, partition, 1);
        }
        await().atMost(TIMEOUT).until(() -> first.deliveries().size() + second.deliveries().size() == 6);
        assertThat(first.deliveries().subList(3, first.deliveries().size())).extracting(d -> d.message().offset())
                .containsOnly(1L);
        assertThat(second.deliveries()).extracting(d -> d.message().offset()).containsOnly(1L);
    }

    @Test
    void newGroupStartsFromTheEarliestMessage() throws Exception {
        String topic = newTopic("rm-source-earliest");
        send(topic, 2, 3);
        RecordingDispatcher dispatcher = new RecordingDispatcher();

        start(TestNames.unique("rm-group"), topic, dispatcher);

        assertThat(dispatcher.awaitCount(3)).extracting(Delivery::position)
                .containsExactly(topic + "-2@0", topic + "-2@1", topic + "-2@2");
    }

    private MessageSource start(String group, String topic, RecordingDispatcher dispatcher) {
        return start(factory, group, topic, dispatcher);
    }

    private MessageSource start(KafkaMessageSourceFactory from, String group, String topic,
            RecordingDispatcher dispatcher) {
        MessageSource source = from.create(new Subscription(group, List.of(topic), 100), dispatcher);
        sources.add(source);
        source.start();
        return source;
    }

    private static String newTopic(String prefix) throws Exception {
        String topic = TestNames.unique(prefix);
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return topic;
    }

    /** Sends {@code count} keyed messages to one partition, waiting for each. */
    private static void send(String topic, int partition, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, partition, "key-" + partition, bytes("message-" + i)))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, @Nullable Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, @Nullable Long> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> committed.put(partition, offset == null ? null : offset.offset()));
        return committed;
    }

    private static void awaitCommitted(String group, TopicPartition partition, long offset) {
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committed(group).get(partition)).isEqualTo(offset));
    }

    /** Waits until the group is stable with {@code members} members, each holding partitions. */
    private static void awaitMembersWithPartitions(String group, int members) {
        await().atMost(TIMEOUT).until(() -> {
            ConsumerGroupDescription description = describe(group);
            Collection<MemberDescription> current = description.members();
            return description.groupState() == GroupState.STABLE && current.size() == members
                    && current.stream().noneMatch(member -> member.assignment().topicPartitions().isEmpty());
        });
    }

    private static ConsumerGroupDescription describe(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    }

    private static Set<String> partitions(List<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.message().partition()).collect(Collectors.toSet());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
