package org.reliablemessaging.sample.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.sample.inventory.domain.Reservation;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.ReservationState;
import org.reliablemessaging.sample.inventory.web.StockView;
import org.reliablemessaging.sample.order.OrderServiceApplication;
import org.reliablemessaging.sample.order.OrderStats;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.web.OrderView;
import org.reliablemessaging.test.KafkaTopics;
import org.reliablemessaging.test.TestBrokers;
import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;
import org.reliablemessaging.test.TestNames;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both services as they run in the {@code kafka} profile, in one JVM: each on a PostgreSQL schema of
 * its own, talking only through the test Kafka broker. Customers place and cancel orders at once over
 * a few SKUs; then the books of the two services must agree.
 */
class InventoryAndOrderEndToEndTest {

    private static final List<String> SKUS = List.of("sku-e2e-1", "sku-e2e-2", "sku-e2e-3", "sku-e2e-4");

    private static final int INITIAL_STOCK = 20;

    private static final int ORDERS = 40;

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final List<String> topics = List.of(TestNames.unique("orders"), TestNames.unique("stock"),
            TestNames.unique("order-deadlines"));

    private ConfigurableApplicationContext inventoryService;

    private ConfigurableApplicationContext orderService;

    private RestClient inventory;

    private RestClient orders;

    @BeforeEach
    void startBothServices() {
        inventoryService = InventoryServiceApplication.application().run(arguments(TestDatabases.postgres(),
                "--inventory.orders-topic=" + topics.get(0), "--inventory.stock-topic=" + topics.get(1)));
        orderService = OrderServiceApplication.application().run(arguments(TestDatabases.postgres(),
                "--orders.topic=" + topics.get(0), "--orders.stock-topic=" + topics.get(1),
                "--orders.deadline-topic=" + topics.get(2)));
        inventory = client(inventoryService);
        orders = client(orderService);
    }

    @AfterEach
    void stopBothServicesAndDeleteTheirTopics() {
        Stream.of(orderService, inventoryService).filter(context -> context != null)
            .forEach(ConfigurableApplicationContext::close);
        KafkaTopics.delete(topics);
    }

    @Test
    void ordersPlacedAndCancelledAtOnceLeaveBooksThatAgree() throws Exception {
        SKUS.forEach(sku -> inventory.put().uri("/inventory/{sku}", sku).body(Map.of("available", INITIAL_STOCK))
            .retrieve().toBodilessEntity());

        List<UUID> placed = placeAndCancelConcurrently();
        awaitBooksThatAgree(placed);

        // Cancelling confirmed orders gives their stock back: the books agree again afterwards.
        List<UUID> confirmed = placed.stream().filter(id -> status(id) == OrderStatus.CONFIRMED).limit(3).toList();
        assertThat(confirmed).isNotEmpty();
        confirmed.forEach(id -> orders.post().uri("/orders/{id}/cancel", id).retrieve().toBodilessEntity());
        awaitBooksThatAgree(placed);
        assertThat(confirmed).allSatisfy(id -> assertThat(reservation(id)).isEqualTo(ReservationState.RELEASED));

        DeadLetterQuery everything = DeadLetterQuery.all();
        assertThat(orderService.getBean(DeadLetters.class).count(everything)).isZero();
        assertThat(inventoryService.getBean(DeadLetters.class).count(everything)).isZero();
    }

    /**
     * Places the orders from several threads, demanding more than there is; every fourth customer
     * cancels, some at once and some a moment later, when the order may be confirmed or rejected.
     */
    private List<UUID> placeAndCancelConcurrently() throws Exception {
        Random random = new Random(42);
        List<Future<UUID>> results = new ArrayList<>();
        try (ExecutorService customers = Executors.newFixedThreadPool(8)) {
            for (int n = 0; n < ORDERS; n++) {
                String sku = SKUS.get(random.nextInt(SKUS.size()));
                int quantity = 1 + random.nextInt(5);
                long cancelAfterMillis = n % 4 == 0 ? random.nextInt(300) : -1;
                results.add(customers.submit(() -> order(sku, quantity, cancelAfterMillis)));
            }
        }
        List<UUID> placed = new ArrayList<>();
        for (Future<UUID> result : results) {
            placed.add(result.get());
        }
        return placed;
    }

    private UUID order(String sku, int quantity, long cancelAfterMillis) throws InterruptedException {
        OrderView order = orders.post().uri("/orders")
            .body(Map.of("customerId", "customer-" + quantity, "sku", sku, "quantity", quantity))
            .retrieve().body(OrderView.class);
        if (cancelAfterMillis >= 0) {
            Thread.sleep(cancelAfterMillis);
            // A rejection may have come first: then the order is no longer cancellable, which is right.
            orders.post().uri("/orders/{id}/cancel", order.id()).retrieve()
                .onStatus(status -> status.isSameCodeAs(HttpStatus.CONFLICT), (request, response) -> {
                })
                .toBodilessEntity();
        }
        return order.id();
    }

    /**
     * Waits until no order is pending and each SKU's stock is what the confirmed orders leave, then
     * checks each order against its reservation.
     */
    private void awaitBooksThatAgree(List<UUID> placed) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            OrderStats stats = orders.get().uri("/orders/stats").retrieve().body(OrderStats.class);
            assertThat(stats.byStatus()).containsEntry(OrderStatus.PENDING, 0L);
            assertThat(stats.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ORDERS);
            List<StockView> stock = inventory.get().uri("/inventory").retrieve()
                .body(new ParameterizedTypeReference<List<StockView>>() {
                });
            assertThat(stock).hasSize(SKUS.size()).allSatisfy(item -> {
                long confirmed = stats.confirmedQuantityBySku().getOrDefault(item.sku(), 0L);
                assertThat(item.reserved()).as("reserved %s", item.sku()).isEqualTo(confirmed);
                assertThat(item.available()).as("available %s", item.sku()).isEqualTo(INITIAL_STOCK - confirmed);
            });
        });
        assertThat(placed).allSatisfy(id -> assertThat(reservation(id)).as("stock of order %s, %s", id, status(id))
            .isIn(switch (status(id)) {
                case CONFIRMED -> List.of(ReservationState.RESERVED);
                case REJECTED -> List.of(ReservationState.REJECTED);
                // The inventory decides every order it hears of, and hears of the cancel after it.
                case CANCELLED -> List.of(ReservationState.RELEASED, ReservationState.REJECTED);
                case PENDING -> List.of();
            }));
    }

    private OrderStatus status(UUID orderId) {
        return orders.get().uri("/orders/{id}", orderId).retrieve().body(OrderView.class).status();
    }

    private ReservationState reservation(UUID orderId) {
        return inventoryService.getBean(ReservationRepository.class).findById(orderId).map(Reservation::state)
            .orElse(null);
    }

    private static String[] arguments(TestDatabase database, String... topics) {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=kafka", "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.datasource.hikari.maximum-pool-size=12",
                "--spring.kafka.bootstrap-servers=" + TestBrokers.kafkaBootstrapServers(),
                // Redis is not used here: the JDBC guard is the default.
                "--management.health.redis.enabled=false", "--reliable-messaging.relay.poll-interval=100ms",
                "--spring.security.user.password=end-to-end"));
        arguments.addAll(List.of(topics));
        return arguments.toArray(String[]::new);
    }

    private static RestClient client(ConfigurableApplicationContext service) {
        return RestClient.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port"));
    }
}
