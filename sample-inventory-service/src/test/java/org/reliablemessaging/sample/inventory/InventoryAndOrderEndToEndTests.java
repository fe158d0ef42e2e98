package org.reliablemessaging.sample.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.sample.inventory.domain.Reservation;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.ReservationState;
import org.reliablemessaging.sample.inventory.web.StockView;
import org.reliablemessaging.sample.order.OrderProperties;
import org.reliablemessaging.sample.order.OrderServiceApplication;
import org.reliablemessaging.sample.order.OrderStats;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.web.OrderView;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both services in one JVM, talking only through a broker, in one scenario that every transport runs
 * (a subclass each: the file broker, Kafka, RabbitMQ):
 * <ol>
 * <li>an order placed while the inventory is down is cancelled by its own payment deadline, and the
 * inventory, once back, reserves and then releases its stock;</li>
 * <li>customers place and cancel orders at once over a few SKUs, demanding more than there is; then the
 * books of the two services must agree, order by order and SKU by SKU;</li>
 * <li>cancelling confirmed orders gives their stock back;</li>
 * <li>every order event of a SKU, delivered again with its own message id, changes nothing: the
 * inventory counts them as duplicates.</li>
 * </ol>
 */
abstract class InventoryAndOrderEndToEndTests {

    private static final List<String> SKUS = List.of("sku-e2e-1", "sku-e2e-2", "sku-e2e-3", "sku-e2e-4");

    private static final int INITIAL_STOCK = 20;

    private static final int ORDERS = 40;

    /** Short, so that the expiring order expires soon; answered orders are settled long before. */
    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private ConfigurableApplicationContext orderService;

    private ConfigurableApplicationContext inventoryService;

    private RestClient orders;

    private RestClient inventory;

    /** Where both services' tracers export their spans, when a test traces; {@code null} otherwise. */
    private @Nullable InMemorySpanExporter spans;

    /** Arguments a test adds to both services'. */
    private final List<String> testArguments = new ArrayList<>();

    /**
     * The order service's arguments on this transport (profile, database, broker, topics); it starts
     * first, so it may serve what the inventory service needs.
     */
    abstract List<String> orderServiceArguments();

    /** The inventory service's arguments on this transport, once the order service runs; the same each time. */
    abstract List<String> inventoryServiceArguments(ConfigurableApplicationContext orderService);

    /** Deletes what the services left on the broker, once both are closed. */
    void deleteBrokerResources() {
    }

    @AfterEach
    void stopBothServicesAndCleanUp() {
        try {
            Stream.of(inventoryService, orderService).filter(context -> context != null)
                .forEach(ConfigurableApplicationContext::close);
        }
        finally {
            deleteBrokerResources();
        }
    }

    @Test
    void theBooksOfBothServicesAgreeThroughOrdersCancelsAnExpiredOrderAndRedeliveredMessages() throws Exception {
        booksOfBothServicesAgree();
    }

    /**
     * Orders placed and cancelled concurrently, one while the inventory is down that expires, messages
     * delivered again: both services' books agree, with {@code arguments} added to both services'.
     */
    void booksOfBothServicesAgree(String... arguments) throws Exception {
        testArguments.addAll(List.of(arguments));
        startOrderService();
        startInventoryService();
        SKUS.forEach(sku -> inventory.put().uri("/inventory/{sku}", sku).body(Map.of("available", INITIAL_STOCK))
            .retrieve().toBodilessEntity());
        List<UUID> placed = new ArrayList<>();

        placed.add(anOrderPlacedWhileTheInventoryIsDownExpiresAndItsStockComesBack());

        placed.addAll(placeAndCancelConcurrently());
        awaitBooksThatAgree(placed);

        List<UUID> confirmed = placed.stream().filter(id -> status(id) == OrderStatus.CONFIRMED).limit(3).toList();
        assertThat(confirmed).isNotEmpty();
        confirmed.forEach(id -> orders.post().uri("/orders/{id}/cancel", id).retrieve().toBodilessEntity());
        awaitBooksThatAgree(placed);
        assertThat(confirmed).allSatisfy(id -> assertThat(reservation(id)).isEqualTo(ReservationState.RELEASED));

        orderEventsDeliveredAgainChangeNothing(placed, SKUS.get(1));

        DeadLetterQuery everything = DeadLetterQuery.all();
        assertThat(orderService.getBean(DeadLetters.class).count(everything)).isZero();
        assertThat(inventoryService.getBean(DeadLetters.class).count(everything)).isZero();
    }

    /**
     * With Micrometer Tracing's OpenTelemetry bridge in both services: the HTTP request that places an order, the
     * publish of its {@code OrderPlaced}, the inventory's listener, the publish of its answer and the order
     * service's listener are one trace, each message's listener span a child of its publish span, across the relay
     * and the broker.
     */
    @Test
    void oneTraceRunsFromTheHttpRequestThroughTheRelayToEachServicesListener() {
        TracedOrder traced = placeTracedOrder();
        List<SpanData> trace = traced.spans().stream()
            .filter(span -> span.getTraceId().equals(traced.request().getTraceId())).toList();
        List<SpanData> publishes = publishes(trace);
        List<SpanData> receives = receives(trace);
        assertThat(publishes).as("OrderPlaced and the answer published in the request's trace: " + names(trace))
            .hasSizeGreaterThanOrEqualTo(2);
        assertThat(receives).as("each service's listener in the request's trace: " + names(trace))
            .extracting(span -> span.getAttributes().get(AttributeKey.stringKey("group")))
            .contains(groupOf(inventoryService, "inventory.group"), groupOf(orderService, "orders.group"));
        assertThat(receives).allSatisfy(receive -> assertThat(publishes).extracting(SpanData::getSpanId)
            .as("the parent of " + receive.getName()).contains(receive.getParentSpanId()));
    }

    /** An order's HTTP request and every span both services finished while it went through. */
    record TracedOrder(SpanData request, List<SpanData> spans) {
    }

    /**
     * Starts both services with Micrometer Tracing's OpenTelemetry bridge, every span exported to memory and
     * {@code arguments} added, places an order and returns the spans once it is confirmed.
     */
    TracedOrder placeTracedOrder(String... arguments) {
        spans = InMemorySpanExporter.create();
        testArguments.addAll(List.of(arguments));
        startOrderService();
        startInventoryService();
        String sku = SKUS.get(2);
        inventory.put().uri("/inventory/{sku}", sku).body(Map.of("available", INITIAL_STOCK)).retrieve()
            .toBodilessEntity();

        UUID order = place(sku, 1);
        await().atMost(PATIENCE).until(() -> status(order) == OrderStatus.CONFIRMED);
        Stream.of(orderService, inventoryService)
            .forEach(service -> service.getBean(SdkTracerProvider.class).forceFlush().join(10, TimeUnit.SECONDS));
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData request = finished.stream()
            .filter(span -> span.getKind() == SpanKind.SERVER && span.getName().equals("http post /orders"))
            .findFirst().orElseThrow(() -> new AssertionError("no server span for POST /orders in " + names(finished)));
        return new TracedOrder(request, finished);
    }

    static List<SpanData> publishes(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getName().endsWith(" publish")).toList();
    }

    static List<SpanData> receives(List<SpanData> spans) {
        return spans.stream().filter(span -> span.getName().endsWith(" receive")).toList();
    }

    static String groupOf(ConfigurableApplicationContext service, String property) {
        return service.getEnvironment().getRequiredProperty(property);
    }

    static List<String> names(List<SpanData> spans) {
        return spans.stream().map(span -> span.getName() + " (" + span.getKind() + ")").toList();
    }

    /**
     * With the inventory down nobody answers the order, so its payment deadline cancels it. Back up,
     * the inventory takes its {@code OrderPlaced} and then its {@code OrderCancelled}: it reserves, then
     * releases.
     */
    private UUID anOrderPlacedWhileTheInventoryIsDownExpiresAndItsStockComesBack() {
        String sku = SKUS.get(0);
        inventoryService.close();
        UUID expiring = place(sku, 2);

        await().atMost(PATIENCE).until(() -> status(expiring) == OrderStatus.CANCELLED);
        assertThat(order(expiring).reason()).isEqualTo("payment timeout");
        assertThat(Duration.between(order(expiring).createdAt(), Instant.now())).isGreaterThanOrEqualTo(PAYMENT_TIMEOUT);

        startInventoryService();
        await().atMost(PATIENCE).until(() -> reservation(expiring) == ReservationState.RELEASED);
        assertThat(stock(sku)).isEqualTo(new StockView(sku, INITIAL_STOCK, 0));
        return expiring;
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
                results.add(customers.submit(() -> placeAndMaybeCancel(sku, quantity, cancelAfterMillis)));
            }
        }
        List<UUID> placed = new ArrayList<>();
        for (Future<UUID> result : results) {
            placed.add(result.get());
        }
        return placed;
    }

    private UUID placeAndMaybeCancel(String sku, int quantity, long cancelAfterMillis) throws InterruptedException {
        UUID order = place(sku, quantity);
        if (cancelAfterMillis >= 0) {
            Thread.sleep(cancelAfterMillis);
            // A rejection may have come first: then the order is no longer cancellable, which is right.
            orders.post().uri("/orders/{id}/cancel", order).retrieve()
                .onStatus(status -> status.isSameCodeAs(HttpStatus.CONFLICT), (request, response) -> {
                })
                .toBodilessEntity();
        }
        return order;
    }

    /**
     * Sends every order event of one SKU to the broker again, with its message id, in its order: as a
     * relay does that crashed after the broker took a batch and before it marked the batch sent. The
     * inventory's idempotency guard must skip every one of them, and nothing may change.
     */
    private void orderEventsDeliveredAgainChangeNothing(List<UUID> placed, String sku) {
        List<OutboundMessage> sentBefore = sentOrderEvents(sku);
        assertThat(sentBefore).hasSizeGreaterThan(1);
        Books before = books(placed);
        double duplicatesBefore = inventoryDuplicates();

        assertThat(orderService.getBean(MessageSender.class).send(sentBefore).join())
            .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CONFIRMED));

        await().atMost(PATIENCE)
            .until(() -> inventoryDuplicates() - duplicatesBefore >= sentBefore.size());
        assertThat(books(placed)).isEqualTo(before);
    }

    /**
     * The order events of a SKU as the order service's relay sent them, from its outbox (sent rows are
     * kept: {@code reliable-messaging.relay.retention}).
     */
    private List<OutboundMessage> sentOrderEvents(String sku) {
        String topic = orderService.getBean(OrderProperties.class).topic();
        JdbcTemplate outbox = new JdbcTemplate(orderService.getBean(DataSource.class));
        return outbox.query("""
                SELECT message_id, seq, type, payload FROM rm_outbox
                WHERE topic = ? AND msg_key = ? AND status = 'SENT' ORDER BY id""",
                (row, n) -> new OutboundMessage(UUID.fromString(row.getString("message_id")), topic, sku,
                        row.getLong("seq"), row.getString("type"), Map.of(), row.getBytes("payload"), Instant.now()),
                topic, sku);
    }

    private double inventoryDuplicates() {
        return inventoryService.getBean(MeterRegistry.class).find("reliable.messaging.listener.duplicates")
            .tag("group", "inventory-service").counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * Waits until no order is pending and each SKU's stock is what the confirmed orders leave, then
     * checks each order against its reservation.
     */
    private void awaitBooksThatAgree(List<UUID> placed) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            OrderStats stats = stats();
            assertThat(stats.byStatus()).containsEntry(OrderStatus.PENDING, 0L);
            assertThat(stats.byStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(placed.size());
            assertThat(stock()).hasSize(SKUS.size()).allSatisfy(item -> {
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

    /** Everything both services know about the orders: their counts, the stock, each order and reservation. */
    private record Books(OrderStats stats, List<StockView> stock, Map<UUID, OrderStatus> statuses,
            Map<UUID, ReservationState> reservations) {
    }

    private Books books(List<UUID> placed) {
        Map<UUID, OrderStatus> statuses = new HashMap<>();
        Map<UUID, ReservationState> reservations = new HashMap<>();
        placed.forEach(id -> {
            statuses.put(id, status(id));
            reservations.put(id, reservation(id));
        });
        return new Books(stats(), stock(), statuses, reservations);
    }

    private void startOrderService() {
        List<String> arguments = new ArrayList<>(commonArguments());
        arguments.add("--orders.payment-timeout=" + PAYMENT_TIMEOUT.toSeconds() + "s");
        // Sent messages stay in the outbox, so that the test can deliver some again.
        arguments.add("--reliable-messaging.relay.retention=1h");
        arguments.addAll(orderServiceArguments());
        arguments.addAll(testArguments);
        orderService = traced(OrderServiceApplication.application(), arguments).run(arguments.toArray(String[]::new));
        orders = client(orderService);
    }

    private void startInventoryService() {
        List<String> arguments = new ArrayList<>(commonArguments());
        arguments.addAll(inventoryServiceArguments(orderService));
        arguments.addAll(testArguments);
        inventoryService = traced(InventoryServiceApplication.application(), arguments)
            .run(arguments.toArray(String[]::new));
        inventory = client(inventoryService);
    }

    /** Makes the service export every span to {@link #spans}, when a test traces. */
    private SpringApplicationBuilder traced(SpringApplicationBuilder service, List<String> arguments) {
        InMemorySpanExporter exporter = spans;
        if (exporter == null) {
            return service;
        }
        arguments.add("--management.tracing.sampling.probability=1.0");
        return service.initializers(context -> context.getBeanFactory().registerSingleton("inMemorySpanExporter", exporter));
    }

    private static List<String> commonArguments() {
        return List.of("--server.port=0", "--spring.datasource.hikari.maximum-pool-size=12",
                // Redis is not used here: the JDBC guard is the default.
                "--management.health.redis.enabled=false", "--reliable-messaging.relay.poll-interval=100ms",
                "--spring.security.user.password=end-to-end");
    }

    private UUID place(String sku, int quantity) {
        return orders.post().uri("/orders")
            .body(Map.of("customerId", "customer-" + quantity, "sku", sku, "quantity", quantity))
            .retrieve().body(OrderView.class).id();
    }

    private OrderView order(UUID orderId) {
        return orders.get().uri("/orders/{id}", orderId).retrieve().body(OrderView.class);
    }

    private OrderStatus status(UUID orderId) {
        return order(orderId).status();
    }

    private OrderStats stats() {
        return orders.get().uri("/orders/stats").retrieve().body(OrderStats.class);
    }

    private List<StockView> stock() {
        return inventory.get().uri("/inventory").retrieve().body(new ParameterizedTypeReference<List<StockView>>() {
        });
    }

    private StockView stock(String sku) {
        return inventory.get().uri("/inventory/{sku}", sku).retrieve().body(StockView.class);
    }

    private ReservationState reservation(UUID orderId) {
        return inventoryService.getBean(ReservationRepository.class).findById(orderId).map(Reservation::state)
            .orElse(null);
    }

    private static RestClient client(ConfigurableApplicationContext service) {
        return RestClient.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port"));
    }
}
