package org.reliablemessaging.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Apache Kafka's own broker, one KRaft node in this JVM (spring-kafka-test), started once for the
 * whole run: the target of the relays and the peer of the file broker.
 */
final class KafkaBroker {

    private static @Nullable EmbeddedKafkaKraftBroker broker;

    private static @Nullable Admin admin;

    private KafkaBroker() {
    }

    static synchronized String bootstrap() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 8);
            started.brokerProperties(Map.of(
                    "auto.create.topics.enable", "true",
                    "num.partitions", "8",
                    "offsets.topic.replication.factor", "1",
                    "offsets.topic.num.partitions", "4",
                    "group.initial.rebalance.delay.ms", "0",
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1"));
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "bench-kafka-shutdown"));
            broker = started;
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, started.getBrokersAsString());
            admin = Admin.create(props);
        }
        return broker.getBrokersAsString();
    }

    /** The admin client of the broker, which starts with it. */
    private static synchronized Admin admin() {
        bootstrap();
        return Objects.requireNonNull(admin, "the broker starts with its admin client");
    }

    /** Creates a topic and waits until its partitions have leaders. */
    static void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        Admin admin = admin();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        for (int i = 0; i < 100; i++) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                if (description != null && description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null)) {
                    // A leader in the metadata may not host its partition yet (KAFKA-15591): a first idempotent
                    // write could then be refused for good. ListOffsets answered by every leader proves it does.
                    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                    description.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest()));
                    admin.listOffsets(request).all().get();
                    return;
                }
            }
            catch (ExecutionException ex) {
                // not known yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("topic " + topic + " has no leaders");
    }

    /** The sum of the partitions' end offsets: how many records the topic has received. */
    static long endOffsets(String topic) throws Exception {
        Admin admin = admin();
        var partitions = Objects.requireNonNull(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic),
                () -> "topic " + topic + " is not described").partitions();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream()
            .collect(Collectors.summingLong(info -> info.offset()));
    }

    static void deleteTopic(String topic) {
        try {
            admin().deleteTopics(List.of(topic)).all().get();
        }
        catch (Exception ex) {
            // best effort: the broker's files go with the JVM
        }
    }
}
