package org.reliablemessaging.testservices;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestBrokersTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void kafkaDeliversARecordOnANewTopic() throws Exception {
        String bootstrapServers = TestBrokers.kafkaBootstrapServers();
        String topic = TestNames.unique("rm-probe");

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", "hello")).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        // Assigning the partitions rather than joining a group skips the group coordinator's rebalance delay.
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            assertThat(partitions).hasSize(3);
            consumer.assign(partitions);
            Instant deadline = Instant.now().plus(PATIENCE);
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("key");
                assertThat(record.value()).isEqualTo("hello");
            });
        }
    }

    @Test
    void rabbitDeliversAMessageOnANewQueue() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbit.host());
        factory.setPort(rabbit.port());
        factory.setUsername(rabbit.username());
        factory.setPassword(rabbit.password());
        factory.setVirtualHost(rabbit.virtualHost());
        String queue = TestNames.unique("rm-probe");

        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, false, true, true, null);
            channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));

            Instant deadline = Instant.now().plus(PATIENCE);
            GetResponse response = channel.basicGet(queue, true);
            while (response == null && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                response = channel.basicGet(queue, true);
            }
            assertThat(response).isNotNull();
            assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void redisStoresAValueUnderANewKey() {
        RedisEndpoint redis = TestBrokers.redis();
        String key = TestNames.unique("rm-probe");
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            // An expiry, so that the keys of earlier runs do not pile up on the local server.
            connection.sync().set(key, "hello", SetArgs.Builder.ex(60));
            assertThat(connection.sync().get(key)).isEqualTo("hello");
        }
        finally {
            client.shutdown();
        }
    }
}
