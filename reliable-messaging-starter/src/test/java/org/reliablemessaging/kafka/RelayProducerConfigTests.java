package org.reliablemessaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class RelayProducerConfigTests {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void restoresTheGuaranteesTheRelayNeeds() {
        Map<String, Object> config = RelayProducerConfig.of(
                Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "10", ProducerConfig.LINGER_MS_CONFIG, "7"),
                SEND_TIMEOUT);

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "7")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        assertThat(RelayProducerConfig.of(Map.of(), Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "250"), SEND_TIMEOUT))
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "250");
    }

    @Test
    void producerGivesUpOnARecordNoLaterThanTheSender() {
        // Kafka's defaults: delivery.timeout.ms 120000, request.timeout.ms 30000.
        assertThat(RelayProducerConfig.of(Map.of(ProducerConfig.LINGER_MS_CONFIG, "5"), Map.of(), SEND_TIMEOUT))
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "29995");
        assertThat(RelayProducerConfig.of(Map.of(ProducerConfig.LINGER_MS_CONFIG, 100),
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000"), Duration.ofSeconds(10)))
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "9900");
    }

    @Test
    void keepsShorterTimeoutsAsConfigured() {
        assertThat(RelayProducerConfig.of(Map.of(), Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"), SEND_TIMEOUT))
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    }

    @Test
    void lingersOnlyWhenConfiguredTo() {
        assertThat(RelayProducerConfig.of(Map.of(), Map.of(), SEND_TIMEOUT))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "0");
        assertThat(RelayProducerConfig.of(Map.of(ProducerConfig.LINGER_MS_CONFIG, 20), Map.of(), SEND_TIMEOUT))
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20);
    }

    @Test
    void sendTimeoutNotLongerThanLingerFailsStartUp() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RelayProducerConfig.of(Map.of(), Map.of(ProducerConfig.LINGER_MS_CONFIG, "1000"),
                        Duration.ofSeconds(1)))
                .withMessageContaining("linger.ms=1000");
    }
}
