package org.reliablemessaging.testservices;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The single-node KRaft Kafka broker that {@link TestServiceMode#LOCAL} runs inside the test JVM,
 * started on first use and stopped when the JVM exits.
 */
final class EmbeddedKafka {

    private static @Nullable EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka() {
    }

    static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = start();
        }
        return broker.getBrokersAsString();
    }

    private static EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 3);
        started.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", "3",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        started.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "rm-embedded-kafka-shutdown"));
        return started;
    }
}
