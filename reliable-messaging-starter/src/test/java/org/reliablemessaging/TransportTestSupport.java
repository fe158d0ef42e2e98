package org.reliablemessaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.OutboundMessage;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Test-only access to real brokers for the transport tests: one embedded Kafka (KRaft) broker per
 * JVM, the local RabbitMQ, and unique names so runs never see each other's data.
 */
public final class TransportTestSupport {

    public static final String RABBIT_HOST = "127.0.0.1";

    public static final int RABBIT_PORT = 5672;

    private static @Nullable EmbeddedKafkaKraftBroker kafka;

    private TransportTestSupport() {
    }

    /**
     * Bootstrap servers of the embedded broker, started on first use. It lives as long as the JVM,
     * whose exit removes its log directories.
     */
    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.afterPropertiesSet();
            kafka = broker;
        }
        return kafka.getBrokersAsString();
    }

    /** Creates a Kafka topic with {@code partitions} partitions on the embedded broker. */
    public static synchronized void createKafkaTopic(String name, int partitions) {
        kafkaBootstrapServers();
        kafka.addTopics(new NewTopic(name, partitions, (short) 1));
    }

    /** A new connection factory to the local RabbitMQ, for checking what a test sent. */
    public static CachingConnectionFactory rabbitConnectionFactory() {
        CachingConnectionFactory factory = new CachingConnectionFactory(RABBIT_HOST, RABBIT_PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** {@code prefix} followed by a random suffix: a name no other test or run uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A local port on which nothing listens. */
    public static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A message with an application header and a JSON payload naming its key and sequence. */
    public static OutboundMessage message(String topic, @Nullable String key, long sequence) {
        String payload = "{\"key\":\"" + key + "\",\"seq\":" + sequence + "}";
        return new OutboundMessage(UUID.randomUUID(), topic, key, key == null ? 0 : sequence, "TestEvent",
                Map.of("tenant", "acme"), payload.getBytes(StandardCharsets.UTF_8),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** {@code count} messages spread round-robin over {@code keys} keys, numbered per key from 1. */
    public static List<OutboundMessage> keyedMessages(String topic, int count, int keys) {
        long[] sequences = new long[keys];
        return IntStream.range(0, count)
                .mapToObj(i -> message(topic, "key-" + (i % keys), ++sequences[i % keys]))
                .toList();
    }
}
