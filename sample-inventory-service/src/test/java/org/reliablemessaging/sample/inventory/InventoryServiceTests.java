package org.reliablemessaging.sample.inventory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.reliablemessaging.sample.inventory.web.StockView;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.testservices.H2TestService;
import org.reliablemessaging.testservices.KafkaTestService;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inventory service as it runs, on an in-memory H2 database and the test Kafka broker, with
 * topics of its own; the order service is played by the tests, which send its events to the broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=" + InventoryServiceApplication.CONFIG_NAME,
                "reliable-messaging.transport=kafka", "reliable-messaging.relay.poll-interval=100ms",
                "spring.security.user.password=test-secret" })
@AutoConfigureRestTestClient
@Import({ H2TestService.class, KafkaTestService.class })
@ContextConfiguration(initializers = InventoryTestTopics.class)
// Closed after each class while the test broker still runs (a cached context would be closed only as the JVM
// ends, racing the broker's own shutdown), so that its topics are deleted and its consumers leave the groups.
@DirtiesContext
abstract class InventoryServiceTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    RestTestClient http;

    @Autowired
    InventoryProperties properties;

    @Autowired
    MessageSender sender;

    void setStock(String sku, int available) {
        http.put().uri("/inventory/{sku}", sku).contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("available", available)).exchange()
            .expectStatus().isOk();
    }

    StockView stock(String sku) {
        return http.get().uri("/inventory/{sku}", sku).exchange().expectBody(StockView.class).returnResult()
            .getResponseBody();
    }

    /** An {@code OrderPlaced} as the order service sends it. */
    OutboundMessage placed(UUID orderId, String sku, int quantity) {
        return orderEvent(sku, "order-placed", """
                {"orderId":"%s","customerId":"alice","sku":"%s","quantity":%d}""".formatted(orderId, sku, quantity));
    }

    /** An {@code OrderCancelled} as the order service sends it. */
    OutboundMessage cancelled(UUID orderId, String sku) {
        return orderEvent(sku, "order-cancelled", """
                {"orderId":"%s","sku":"%s","reason":"customer request"}""".formatted(orderId, sku));
    }

    private OutboundMessage orderEvent(String sku, String type, String json) {
        return new OutboundMessage(UUID.randomUUID(), properties.ordersTopic(), sku, 1, type, Map.of(),
                json.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /**
     * Sends straight to the broker, as the order service's relay, a redelivery or a retry would; one
     * batch, so that messages of one SKU keep their order as the relay keeps it.
     */
    void send(OutboundMessage... messages) {
        assertThat(sender.send(List.of(messages)).join())
            .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CONFIRMED));
    }

    /** The answers published for one SKU, in order, once there are at least {@code count}. */
    List<ConsumerRecord<String, byte[]>> answers(String sku, int count) {
        return await().atMost(PATIENCE)
            .until(() -> KafkaTopicReader
                .read(TestBrokers.kafkaBootstrapServers(), properties.stockTopic(), 1, PATIENCE)
                .stream()
                .filter(record -> record.key().equals(sku))
                .toList(), records -> records.size() >= count);
    }

    static List<String> types(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> KafkaTopicReader.header(record, "rm-type")).toList();
    }

    static String payload(ConsumerRecord<String, byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
