package org.reliablemessaging.relay.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.relay.autoconfigure.OutboxRelayAutoConfiguration;
import org.reliablemessaging.testservices.KafkaTestService;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TcpProxy;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.failedAttempts;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.inTransaction;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.pending;

/**
 * The whole producer side on PostgreSQL and Kafka, wired by auto-configuration as an application
 * would have it.
 */
class KafkaRelayEndToEndTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final TestDatabase database = TestDatabases.postgres();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, KafkaAutoConfiguration.class,
                ReliableMessagingAutoConfiguration.class, KafkaTransportAutoConfiguration.class,
                OutboxRelayAutoConfiguration.class))
        .withBean(JdbcConnectionDetails.class, database::connectionDetails)
        .withPropertyValues("reliable-messaging.transport=kafka", "reliable-messaging.relay.lease-ttl=2s",
                "reliable-messaging.relay.backoff.initial=200ms",
                "reliable-messaging.relay.backoff.max=1s");

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    @Test
    void aCommitReachesKafkaIntactAndARollbackSendsNothing() {
        String topic = TestNames.unique("orders");
        runner.withUserConfiguration(KafkaTestService.class).run(context -> {
            ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
            UUID id = inTransaction(context, () -> publisher.publish(Message.to(topic).key("sku-1")
                .payload(new OrderPlaced("o-1", 2)).header("tenant", "acme")));
            assertThatThrownBy(() -> inTransaction(context, () -> {
                publisher.publish(topic, "sku-1", new OrderPlaced("rolled-back", 1));
                throw new IllegalStateException("business rule broken");
            })).hasMessage("business rule broken");
            inTransaction(context, () -> publisher.publish(topic, "sku-1", new OrderPlaced("o-2", 1)));

            List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(),
                    topic, 2, PATIENCE);
            assertThat(records).extracting(r -> new String(r.value()))
                .containsExactly("{\"orderId\":\"o-1\",\"quantity\":2}", "{\"orderId\":\"o-2\",\"quantity\":1}");
            ConsumerRecord<String, byte[]> first = records.get(0);
            assertThat(first.key()).isEqualTo("sku-1");
            assertThat(KafkaTopicReader.header(first, ReliableHeaders.ID)).isEqualTo(id.toString());
            assertThat(KafkaTopicReader.header(first, ReliableHeaders.TYPE)).isEqualTo("order-placed");
            assertThat(KafkaTopicReader.header(first, ReliableHeaders.SEQUENCE)).isEqualTo("1");
            assertThat(KafkaTopicReader.header(records.get(1), ReliableHeaders.SEQUENCE)).isEqualTo("2");
            assertThat(KafkaTopicReader.header(first, "tenant")).isEqualTo("acme");
            await().atMost(PATIENCE).until(() -> pending(context) == 0);
        });
    }

    @Test
    void messagesWaitForABrokerThatIsDownAndAllArriveWhenItComesUp() throws Exception {
        String topic = TestNames.unique("outage");
        try (TcpProxy broker = TcpProxy.to(TestBrokers.kafkaBootstrapServers())) {
            runner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + broker.port(),
                    "reliable-messaging.kafka.producer-properties.max.block.ms=500",
                    "reliable-messaging.relay.max-attempts=1000")
                .run(context -> {
                    ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
                    for (int i = 0; i < 20; i++) {
                        int n = i;
                        inTransaction(context, () -> publisher.publish(topic, "key-" + (n % 4), n));
                    }
                    await().atMost(PATIENCE).until(() -> failedAttempts(context) >= 8);
                    assertThat(pending(context)).as("nothing is marked sent that the broker did not confirm").isEqualTo(20);

                    broker.open();
                    List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(),
                            topic, 20, PATIENCE);
                    assertThat(records).hasSize(20);
                    assertKeysInOrder(records);
                    await().atMost(PATIENCE).until(() -> pending(context) == 0);
                });
        }
    }

    @Test
    void threeRelaysShareOneOutboxAndOneStoppingMidwayLosesNothing() throws Exception {
        String topic = TestNames.unique("shared");
        ApplicationContextRunner relay = runner.withUserConfiguration(KafkaTestService.class);
        relay.run(first -> relay.run(second -> relay.run(third -> {
            ReliablePublisher publisher = first.getBean(ReliablePublisher.class);
            try (ExecutorService producer = Executors.newSingleThreadExecutor()) {
                Future<?> publishing = producer.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        int n = i;
                        inTransaction(first, () -> {
                            for (int k = 0; k < 30; k++) {
                                publisher.publish(topic, "key-" + k, n);
                            }
                            return null;
                        });
                    }
                });
                await().atMost(PATIENCE).until(() -> pending(first) < 500);
                second.close();
                publishing.get();
            }
            List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(),
                    topic, 600, PATIENCE);
            assertThat(records.stream().map(r -> KafkaTopicReader.header(r, ReliableHeaders.ID)).distinct())
                .as("every message reached the broker").hasSize(600);
            assertKeysInOrder(records);
        })));
    }

    /** Each key's sequence numbers, in the order of first arrival, are 1, 2, 3, …; redeliveries may follow. */
    private static void assertKeysInOrder(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> byKey = records.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                    r -> Long.parseLong(KafkaTopicReader.header(r, ReliableHeaders.SEQUENCE)), Collectors.toList())));
        byKey.forEach((key, sequences) -> {
            List<Long> firstArrivals = new ArrayList<>(new LinkedHashSet<>(sequences));
            assertThat(firstArrivals).as("sequence of " + key).isSorted();
            assertThat(firstArrivals.get(0)).isEqualTo(1);
            assertThat(firstArrivals.get(firstArrivals.size() - 1)).isEqualTo(firstArrivals.size());
        });
    }

}
