package org.reliablemessaging.relay.e2e;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration;
import org.reliablemessaging.listener.ListenerContainers;
import org.reliablemessaging.testservices.KafkaTestService;
import org.reliablemessaging.testservices.TestBrokers;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.inTransaction;

class KafkaListenerEndToEndTests extends ListenerEndToEndTests {

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
            .withUserConfiguration(KafkaTestService.class)
            .withPropertyValues("reliable-messaging.transport=kafka");
    }

    @Override
    ApplicationContextRunner serviceOnOnePartition() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return service();
    }

    @Test
    void aConsumerStoppedAfterItsHandlersButBeforeItsCommitsChangesNothingWhenRestarted() throws Exception {
        service().run(first -> {
            assertThat(first).hasNotFailed();
            publish(first, 5, 6);
            await().atMost(PATIENCE).until(() -> effects(first) == 30);
        });
        rewindGroup("inventory");

        service().run(second -> {
            assertThat(second).hasNotFailed();
            await().atMost(PATIENCE).until(() -> duplicatesSkipped(second) >= 30);
            assertThat(effects(second)).isEqualTo(30);
        });
    }

    @Test
    void theLagOfAGroupShowsItsBacklogUntilItsHandlerCatchesUpAndGoesWithItsPartitions() {
        CountDownLatch release = new CountDownLatch(1);
        service().withPropertyValues("reliable-messaging.kafka.lag-interval=200ms").run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(Inventory.class).afterEffect = () -> awaitUninterruptibly(release);
            try {
                ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    inTransaction(context, () -> publisher.publish(topic, "sku-1", new StockChange("lag-" + n, 1)));
                }

                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(lag(context, "inventory")).isEqualTo(20);
                    assertThat(lag(context, "audit")).isZero();
                });
            }
            finally {
                release.countDown();
            }
            await().atMost(PATIENCE).until(() -> lag(context, "inventory") == 0);
            assertThat(effects(context)).isEqualTo(20);

            context.getBean(ListenerContainers.class).stop();
            assertThat(context.getBean(MeterRegistry.class).find("reliable.messaging.listener.lag").gauges())
                .as("gauges of released partitions").isEmpty();
        });
    }

    /** The lag of {@code group} on the topic, summed over its partitions; -1 before any was read. */
    private double lag(ApplicationContext context, String group) {
        Collection<Gauge> gauges = context.getBean(MeterRegistry.class).find("reliable.messaging.listener.lag")
            .tags("group", group, "topic", topic).gauges();
        return gauges.isEmpty() ? -1 : gauges.stream().mapToDouble(Gauge::value).sum();
    }

    /** Puts the group's offsets back to the start, as if it had died before committing any. */
    private void rewindGroup(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = admin.describeTopics(List.of(topic))
                .allTopicNames().get().get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(group, start).all().get();
        }
    }
}
