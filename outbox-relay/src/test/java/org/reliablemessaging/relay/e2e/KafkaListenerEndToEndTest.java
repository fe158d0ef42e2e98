package org.reliablemessaging.relay.e2e;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration;
import org.reliablemessaging.test.KafkaTestService;
import org.reliablemessaging.test.TestBrokers;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaListenerEndToEndTest extends ListenerEndToEndTests {

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
            .withUserConfiguration(KafkaTestService.class)
            .withPropertyValues("reliable-messaging.transport=kafka");
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

    /** Puts the group's offsets back to the start, as if it had died before committing any. */
    private void rewindGroup(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestBrokers.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> start = admin.describeTopics(java.util.List.of(topic))
                .allTopicNames().get().get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(group, start).all().get();
        }
    }
}
