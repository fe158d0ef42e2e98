package org.reliablemessaging.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.kafka.KafkaMessageSender;
import org.reliablemessaging.kafka.RelayProducerConfig;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;

class TopicDeadLetterHandlerTests {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void sendsTheLetterToTheGroupsDeadLetterTopicOnKafkaWithWhyItDied() {
        String topic = TestNames.unique("rm-dlt-orders");
        UUID messageId = UUID.randomUUID();
        byte[] payload = "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);
        InboundMessage message = new InboundMessage(topic, "sku-1", Map.of(ReliableHeaders.ID, messageId.toString(),
                ReliableHeaders.TYPE, "order-placed", ReliableHeaders.KEY, "sku-1", ReliableHeaders.SEQUENCE, "4",
                ReliableHeaders.PUBLISHED_AT, NOW.toString(), "tenant", "acme"), payload, topic + "-0", 12, NOW);
        Duration sendTimeout = Duration.ofSeconds(30);
        Map<String, Object> producer = RelayProducerConfig.of(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafkaBootstrapServers()), Map.of(),
                sendTimeout);

        try (KafkaMessageSender sender = new KafkaMessageSender(producer, sendTimeout)) {
            new TopicDeadLetterHandler(sender, Duration.ofSeconds(30), Clock.systemUTC()).deadLetter(new FailedMessage(
                    "inventory", message, new RuntimeException(new IllegalArgumentException("unknown sku")),
                    5, NOW, NOW));
        }

        ConsumerRecord<String, byte[]> record = consumeOne(Subscription.deadLetterTopic(topic, "inventory"));
        assertThat(record.topic()).isEqualTo(topic + ".inventory.dlt");
        assertThat(record.key()).isEqualTo("sku-1");
        assertThat(record.value()).isEqualTo(payload);
        Map<String, String> headers = headers(record);
        assertThat(headers).containsEntry("tenant", "acme")
            .containsEntry(TopicDeadLetterHandler.ERROR_CLASS_HEADER, IllegalArgumentException.class.getName())
            .containsEntry(TopicDeadLetterHandler.ERROR_MESSAGE_HEADER, "unknown sku")
            .containsEntry(TopicDeadLetterHandler.ATTEMPTS_HEADER, "5")
            .containsEntry(ReliableHeaders.ORIGINAL_ID, messageId.toString())
            .containsEntry(ReliableHeaders.TYPE, "order-placed")
            .containsEntry(ReliableHeaders.KEY, "sku-1")
            .containsEntry(ReliableHeaders.SEQUENCE, "4");
        assertThat(headers.get(ReliableHeaders.ID)).isNotEqualTo(messageId.toString());
    }

    @Test
    void throwsWhenTheBrokerDoesNotConfirmSoTheMessageIsNotAcknowledged() {
        TopicDeadLetterHandler refused = new TopicDeadLetterHandler(batch -> CompletableFuture.completedFuture(
                List.of(SendOutcome.permanent("TopicAuthorizationException: not allowed"))), Duration.ofSeconds(5),
                Clock.systemUTC());
        TopicDeadLetterHandler silent = new TopicDeadLetterHandler(batch -> new CompletableFuture<>(),
                Duration.ofMillis(50), Clock.systemUTC());
        FailedMessage failed = new FailedMessage("inventory", new InboundMessage("orders", null, Map.of(), new byte[0],
                "orders-0", 0, NOW), new IllegalStateException("boom"), 1, NOW, NOW);

        assertThatThrownBy(() -> refused.deadLetter(failed)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("orders.inventory.dlt")
            .hasMessageContaining("not confirmed")
            .hasMessageContaining("TopicAuthorizationException");
        assertThatThrownBy(() -> silent.deadLetter(failed)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("did not confirm");
    }
    private static ConsumerRecord<String, byte[]> consumeOne(String topic) {
        List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(), topic, 1,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
