package org.reliablemessaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

/** The consumer configuration of reliable listeners. */
class KafkaMessageSourceFactoryTests {

    @Test
    void offsetsAreOnlyCommittedByTheSourceAndNewGroupsReadFromTheStart() {
        Map<String, Object> config = KafkaMessageSourceFactory.listenerConfig(
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1024"));

        assertThat(config).containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, "1024");
    }

    @Test
    void explicitOffsetResetWins() {
        Map<String, Object> config = KafkaMessageSourceFactory.listenerConfig(
                Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));

        assertThat(config).containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    }
}
