package org.reliablemessaging.sample.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.web.OrderView;
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
 * The order service as it runs, on an in-memory H2 database and the test Kafka broker, with
 * topics of its own; the inventory is played by the tests, which send its answers to the broker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=" + OrderServiceApplication.CONFIG_NAME,
                "reliable-messaging.transport=kafka", "reliable-messaging.relay.poll-interval=100ms",
                "orders.payment-timeout=1h", "spring.security.user.password=" + OrderServiceTests.ADMIN_PASSWORD })
@AutoConfigureRestTestClient
@Import({ H2TestService.class, KafkaTestService.class })
@ContextConfiguration(initializers = OrderTestTopics.class)
// Closed after each class while the test broker still runs (a cached context would be closed only as the JVM
// ends, racing the broker's own shutdown), so that its topics are deleted and its consumers leave the groups.
@DirtiesContext
abstract class OrderServiceTests {

    static final String ADMIN_PASSWORD = "test-secret";

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    RestTestClient http;

    @Autowired
    OrderProperties properties;

    @Autowired
    MessageSender sender;

    /** Places an order over HTTP and returns it as the response had it. */
    OrderView place(String sku, int quantity) {
        return http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("customerId", "alice", "sku", sku, "quantity", quantity))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(OrderView.class)
            .returnResult()
            .getResponseBody();
    }

    OrderStatus status(UUID orderId) {
        return http.get().uri("/orders/{id}", orderId).exchange().expectBody(OrderView.class).returnResult()
            .getResponseBody().status();
    }

    /** The inventory's {@code StockReserved} for the order, as the inventory service would send it. */
    OutboundMessage reserved(OrderView order) {
        return stockReply(order, "stock-reserved", """
                {"orderId":"%s","sku":"%s","quantity":%d}""".formatted(order.id(), order.sku(), order.quantity()));
    }

    /** The inventory's {@code StockRejected} for the order, as the inventory service would send it. */
    OutboundMessage rejected(OrderView order) {
        return stockReply(order, "stock-rejected", """
                {"orderId":"%s","sku":"%s","quantity":%d,"reason":"out of stock"}""".formatted(order.id(),
                order.sku(), order.quantity()));
    }

    private OutboundMessage stockReply(OrderView order, String type, String json) {
        return new OutboundMessage(UUID.randomUUID(), properties.stockTopic(), order.sku(), 1, type, Map.of(),
                json.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** The events published on the orders topic for one SKU, in order, once there are at least {@code count}. */
    List<ConsumerRecord<String, byte[]>> orderEvents(String sku, int count) {
        return await().atMost(PATIENCE)
            .until(() -> KafkaTopicReader.read(TestBrokers.kafkaBootstrapServers(), properties.topic(), 1, PATIENCE)
                .stream()
                .filter(record -> record.key().equals(sku))
                .toList(), events -> events.size() >= count);
    }

    static List<String> types(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> KafkaTopicReader.header(record, "rm-type")).toList();
    }

    /** Sends straight to the broker, as the inventory, a redelivery or a relay's retry would. */
    void send(OutboundMessage... messages) {
        assertThat(sender.send(List.of(messages)).join())
            .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CONFIRMED));
    }
}
