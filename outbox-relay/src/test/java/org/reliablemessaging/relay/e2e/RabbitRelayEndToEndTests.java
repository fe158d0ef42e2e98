package org.reliablemessaging.relay.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.relay.autoconfigure.OutboxRelayAutoConfiguration;
import org.reliablemessaging.relay.e2e.RabbitQueues.Delivery;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.RabbitTestService;
import org.reliablemessaging.testservices.TcpProxy;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.failedAttempts;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.inTransaction;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.pending;

/**
 * The whole producer side on PostgreSQL and RabbitMQ, wired by auto-configuration as an
 * application would have it.
 */
class RabbitRelayEndToEndTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final int PARTITIONS = 4;

    private final TestDatabase database = TestDatabases.postgres();

    private final String topic = TestNames.unique("orders");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, RabbitAutoConfiguration.class,
                ReliableMessagingAutoConfiguration.class, RabbitTransportAutoConfiguration.class,
                OutboxRelayAutoConfiguration.class))
        .withBean(JdbcConnectionDetails.class, database::connectionDetails)
        .withPropertyValues("reliable-messaging.transport=rabbit", "reliable-messaging.rabbit.partitions=" + PARTITIONS,
                "reliable-messaging.rabbit.topology." + topic + "=inventory",
                "reliable-messaging.relay.backoff.initial=200ms", "reliable-messaging.relay.backoff.max=1s");

    @Test
    void aCommitReachesItsPartitionQueueIntactAndARollbackSendsNothing() throws Exception {
        try (RabbitQueues queues = queuesOf(TestBrokers.rabbit())) {
            runner.withUserConfiguration(RabbitTestService.class).run(context -> {
                ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
                UUID id = inTransaction(context, () -> publisher.publish(Message.to(topic).key("sku-1")
                    .payload(Map.of("orderId", "o-1")).type("order-placed").header("tenant", "acme")));
                assertThatThrownBy(() -> inTransaction(context, () -> {
                    publisher.publish(topic, "sku-1", Map.of("orderId", "rolled-back"));
                    throw new IllegalStateException("business rule broken");
                })).hasMessage("business rule broken");
                inTransaction(context, () -> publisher.publish(topic, "sku-1", Map.of("orderId", "o-2")));
                await().atMost(PATIENCE).until(() -> pending(context) == 0);
                queues.consume();

                List<Delivery> deliveries = queues.await(2, PATIENCE);
                assertThat(deliveries).extracting(d -> new String(d.body()))
                    .containsExactly("{\"orderId\":\"o-1\"}", "{\"orderId\":\"o-2\"}");
                Delivery first = deliveries.get(0);
                assertThat(first.queue()).isEqualTo(queue(KeyHash.bucket("sku-1", PARTITIONS)));
                assertThat(first.properties().getMessageId()).isEqualTo(id.toString());
                assertThat(first.properties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.toInt(MessageDeliveryMode.PERSISTENT));
                assertThat(first.header(ReliableHeaders.TYPE)).isEqualTo("order-placed");
                assertThat(first.header(ReliableHeaders.SEQUENCE)).isEqualTo("1");
                assertThat(first.header("tenant")).isEqualTo("acme");
            });
        }
    }

    @Test
    void aMessageNoQueueWouldTakeIsDeadAsUnroutableNotDropped() throws Exception {
        String unbound = TestNames.unique("nobody-listens");
        // Only to delete the topology's queues afterwards.
        try (RabbitQueues queues = queuesOf(TestBrokers.rabbit())) {
            runner.withUserConfiguration(RabbitTestService.class).run(context -> {
                inTransaction(context, () -> context.getBean(ReliablePublisher.class).publish(unbound, "k", 1));

                await().atMost(PATIENCE).until(() -> "DEAD".equals(column(context, "status")));
                assertThat(column(context, "last_error")).contains("unroutable");
            });
        }
    }

    @Test
    void messagesWaitForABrokerThatIsUnreachableAndAllArriveWhenItIsBack() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        try (TcpProxy proxy = new TcpProxy(rabbit.host(), rabbit.port()); RabbitQueues queues = queuesOf(rabbit)) {
            runner.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + proxy.port(),
                    "spring.rabbitmq.username=" + rabbit.username(), "spring.rabbitmq.password=" + rabbit.password(),
                    "spring.rabbitmq.virtual-host=" + rabbit.virtualHost(), "reliable-messaging.relay.max-attempts=1000")
                .run(context -> {
                    ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
                    for (int i = 1; i <= 20; i++) {
                        int n = i;
                        inTransaction(context, () -> publisher.publish(topic, "key-" + (n % 4), n));
                    }
                    await().atMost(PATIENCE).until(() -> failedAttempts(context) >= 8);
                    assertThat(pending(context)).as("nothing is marked sent that the broker did not confirm").isEqualTo(20);

                    proxy.open();
                    await().atMost(PATIENCE).until(() -> pending(context) == 0);
                    queues.consume();
                    List<Delivery> deliveries = queues.await(20, PATIENCE);
                    assertThat(deliveries).hasSize(20);
                    Map<String, List<Long>> sequencesByKey = deliveries.stream().collect(Collectors.groupingBy(
                            d -> d.header(ReliableHeaders.KEY),
                            Collectors.mapping(d -> Long.parseLong(d.header(ReliableHeaders.SEQUENCE)), Collectors.toList())));
                    sequencesByKey.values().forEach(sequences -> assertThat(new ArrayList<>(new LinkedHashSet<>(sequences)))
                        .containsExactly(1L, 2L, 3L, 4L, 5L));
                });
        }
    }

    private RabbitQueues queuesOf(RabbitEndpoint rabbit) throws Exception {
        // The parking queue too, so that it is deleted afterwards; nothing arrives there.
        List<String> queues = new ArrayList<>(IntStream.range(0, PARTITIONS).mapToObj(this::queue).toList());
        queues.add("rm." + topic + ".inventory.parked");
        return new RabbitQueues(rabbit, "rm." + topic, queues);
    }

    private String queue(int partition) {
        return "rm." + topic + ".inventory." + partition;
    }

    private static String column(ApplicationContext context, String column) {
        return ApplicationOutbox.jdbc(context).queryForObject("SELECT " + column + " FROM rm_outbox", String.class);
    }

}
