package org.reliablemessaging.relay.sidecar;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.listener.ListenerContainers;
import org.reliablemessaging.relay.OutboxRelay;
import org.reliablemessaging.relay.autoconfigure.OutboxRelayAutoConfiguration;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sidecar on PostgreSQL and Kafka: an application with its relay off publishes, sidecars relay.
 */
class SidecarKafkaTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TestDatabase database = TestDatabases.postgres();

    private final ApplicationContextRunner application = application(database);

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    /** The application: its outbox (it creates the tables) and publisher, its relay off, no transport at all. */
    static ApplicationContextRunner application(TestDatabase database) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                    OutboxRelayAutoConfiguration.class))
            .withBean(JdbcConnectionDetails.class, database::connectionDetails)
            .withPropertyValues("reliable-messaging.relay.enabled=false");
    }

    /** A sidecar's environment for relaying the outbox of {@code database} to Kafka, with leases of {@code leaseTtl}. */
    static Map<String, String> kafkaSidecar(TestDatabase database, String leaseTtl) {
        return Map.of("SPRING_DATASOURCE_URL", database.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "RELIABLE_MESSAGING_TRANSPORT", "kafka",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", TestBrokers.kafkaBootstrapServers(),
                "RELIABLE_MESSAGING_RELAY_LEASE_TTL", leaseTtl);
    }

    private Map<String, String> sidecarEnvironment() {
        return kafkaSidecar(database, "2s");
    }

    @Test
    void relaysWhatTheApplicationCommitsAndReportsItsHealth() throws Exception {
        String topic = TestNames.unique("orders");
        application.run(app -> {
            assertThat(app).doesNotHaveBean(OutboxRelay.class);
            ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
            try (ConfigurableApplicationContext sidecar = Sidecars.start(sidecarEnvironment())) {
                assertThat(sidecar.getBeansOfType(OutboxRelay.class)).hasSize(1);
                assertThat(sidecar.getBeanNamesForType(ListenerContainers.class)).as("no listeners").isEmpty();
                assertThat(sidecar.getBeanNamesForType(DeadLetterHandler.class)).isEmpty();

                UUID id = inTransaction(app, () -> publisher.publish(Message.to(topic).key("sku-1")
                    .payload(new OrderPlaced("o-1", 2)).header("tenant", "acme")));
                inTransaction(app, () -> publisher.publish(topic, "sku-1", new OrderPlaced("o-2", 1)));

                List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(
                        TestBrokers.kafkaBootstrapServers(), topic, 2, PATIENCE);
                assertThat(records).extracting(r -> new String(r.value()))
                    .containsExactly("{\"orderId\":\"o-1\",\"quantity\":2}", "{\"orderId\":\"o-2\",\"quantity\":1}");
                assertThat(records.get(0).key()).isEqualTo("sku-1");
                assertThat(KafkaTopicReader.header(records.get(0), ReliableHeaders.ID)).isEqualTo(id.toString());
                assertThat(KafkaTopicReader.header(records.get(0), ReliableHeaders.TYPE)).isEqualTo("order-placed");
                assertThat(KafkaTopicReader.header(records.get(0), "tenant")).isEqualTo("acme");
                await().atMost(PATIENCE).until(() -> pending(app) == 0);

                HttpResponse<String> health = Sidecars.get(sidecar, "/actuator/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"", "\"outboxRelay\"", "\"db\"")
                    .doesNotContain("\"rabbit\"");
                HttpResponse<String> sent = Sidecars.get(sidecar, "/actuator/metrics/reliable.messaging.relay.sent");
                assertThat(sent.statusCode()).isEqualTo(200);
                assertThat(sent.body()).contains("\"value\":2.0");
            }
        });
    }

    @Test
    void twoSidecarsSplitTheShardsAndSendEachMessageOnce() {
        String topic = TestNames.unique("shared");
        application.run(app -> {
            ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
            try (ConfigurableApplicationContext first = Sidecars.start(sidecarEnvironment());
                    ConfigurableApplicationContext second = Sidecars.start(sidecarEnvironment())) {
                int shards = Sidecars.shards(first);
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(Sidecars.leasedShards(first))
                    .as("two relays with half of the shards each").hasSize(2)
                    .allSatisfy((owner, owned) -> assertThat(owned).isEqualTo(shards / 2)));

                for (int i = 0; i < 20; i++) {
                    int n = i;
                    inTransaction(app, () -> {
                        for (int k = 0; k < 30; k++) {
                            publisher.publish(topic, "key-" + k, n);
                        }
                        return null;
                    });
                }
                List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(
                        TestBrokers.kafkaBootstrapServers(), topic, 600, PATIENCE);
                assertThat(records).as("each message once, no duplicates").hasSize(600);
                assertThat(records.stream().map(r -> KafkaTopicReader.header(r, ReliableHeaders.ID)).distinct())
                    .hasSize(600);
                assertKeysInOrder(records);
                await().atMost(PATIENCE).until(() -> pending(app) == 0);

                double sentByFirst = sent(first);
                double sentBySecond = sent(second);
                assertThat(sentByFirst).as("both sidecars relayed").isPositive();
                assertThat(sentBySecond).as("both sidecars relayed").isPositive();
                assertThat(sentByFirst + sentBySecond).isEqualTo(600);
            }
        });
    }

    private static double sent(ConfigurableApplicationContext sidecar) {
        return sidecar.getBean(MeterRegistry.class).get("reliable.messaging.relay.sent").counter().count();
    }

    /** Each key's sequence numbers come 1, 2, 3, … in the order they arrive. */
    private static void assertKeysInOrder(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> byKey = records.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                    r -> Long.parseLong(KafkaTopicReader.header(r, ReliableHeaders.SEQUENCE)), Collectors.toList())));
        assertThat(byKey).hasSize(30);
        byKey.forEach((key, sequences) -> {
            List<Long> arrivals = new ArrayList<>(new LinkedHashSet<>(sequences));
            assertThat(arrivals).as("sequence of " + key).isSorted().hasSize(20).startsWith(1L);
        });
    }

    static <T> T inTransaction(ApplicationContext context, Supplier<T> work) {
        return new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).execute(status -> work.get());
    }

    static long pending(ApplicationContext context) {
        return new JdbcTemplate(context.getBean(DataSource.class))
            .queryForObject("SELECT COUNT(*) FROM rm_outbox WHERE status = 'PENDING'", Long.class);
    }
}
