package org.reliablemessaging.sample.order;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.web.OrderView;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API: its answers, its problem bodies, and who may write to the Actuator. */
class OrderApiTests extends OrderServiceTests {

    @Test
    void aPlacedOrderIsCreatedPendingAtItsLocation() {
        var response = http.post()
            .uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("customerId", "alice", "sku", "sku-api", "quantity", 2))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(OrderView.class)
            .returnResult();
        OrderView order = response.getResponseBody();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order).extracting(OrderView::customerId, OrderView::sku, OrderView::quantity)
            .containsExactly("alice", "sku-api", 2);
        assertThat(response.getResponseHeaders().getLocation()).hasPath("/orders/" + order.id());

        http.get().uri(response.getResponseHeaders().getLocation()).exchange()
            .expectStatus().isOk()
            .expectBody(OrderView.class).isEqualTo(order);
    }

    @Test
    void missingFieldsAreA400ProblemNamingEachField() {
        http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body(Map.of("sku", " ")).exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status").isEqualTo(400)
            .jsonPath("$.instance").isEqualTo("/orders")
            .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                .startsWith("Invalid request content: ")
                .contains("customerId must not be blank", "sku must not be blank", "quantity is required"));
    }

    @Test
    void aQuantityBelowOneIsA400Problem() {
        http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("customerId", "alice", "sku", "sku-api", "quantity", 0)).exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("Invalid request content: quantity must be greater than 0");
    }

    @Test
    void malformedJsonIsA400Problem() {
        http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body("{\"customerId\": ").exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.title").isEqualTo("Bad Request");
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        UUID unknown = UUID.randomUUID();
        http.get().uri("/orders/{id}", unknown).exchange()
            .expectStatus().isNotFound()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Order not found")
            .jsonPath("$.detail").isEqualTo("No order with id " + unknown);
        http.post().uri("/orders/{id}/cancel", unknown).exchange().expectStatus().isNotFound();
    }

    @Test
    void anIdThatIsNoUuidIsA400Problem() {
        http.get().uri("/orders/not-a-uuid").exchange()
            .expectStatus().isBadRequest()
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void pendingAndConfirmedOrdersCanBeCancelledOnceAndRejectedOnesNot() {
        OrderView pending = place("sku-cancel", 1);
        http.post().uri("/orders/{id}/cancel", pending.id()).exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("CANCELLED")
            .jsonPath("$.reason").isEqualTo("customer request");
        http.post().uri("/orders/{id}/cancel", pending.id()).exchange()
            .expectStatus().isEqualTo(409)
            .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.title").isEqualTo("Order not cancellable")
            .jsonPath("$.detail").value(String.class,
                    detail -> assertThat(detail).endsWith("is CANCELLED and can no longer be cancelled"));

        OrderView confirmed = place("sku-cancel", 1);
        OrderView rejected = place("sku-cancel", 1);
        send(reserved(confirmed), rejected(rejected));
        await().atMost(PATIENCE).until(() -> status(rejected.id()) == OrderStatus.REJECTED);
        assertThat(status(confirmed.id())).isEqualTo(OrderStatus.CONFIRMED);

        http.post().uri("/orders/{id}/cancel", confirmed.id()).exchange()
            .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        http.post().uri("/orders/{id}/cancel", rejected.id()).exchange()
            .expectStatus().isEqualTo(409)
            .expectBody().jsonPath("$.detail").value(String.class,
                    detail -> assertThat(detail).endsWith("is REJECTED and can no longer be cancelled"));
    }

    @Test
    void statsCountOrdersByStatusCancellationsByReasonAndConfirmedQuantitiesBySku() {
        OrderView first = place("sku-stats", 3);
        OrderView second = place("sku-stats", 4);
        OrderView third = place("sku-stats", 5);
        send(reserved(first), reserved(second));
        await().atMost(PATIENCE).until(() -> status(second.id()) == OrderStatus.CONFIRMED);
        http.post().uri("/orders/{id}/cancel", third.id()).exchange().expectStatus().isOk();

        http.get().uri("/orders/stats").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.confirmedQuantityBySku.sku-stats").isEqualTo(7)
            .jsonPath("$.byStatus.CONFIRMED").value(Integer.class, count -> assertThat(count).isGreaterThanOrEqualTo(2))
            .jsonPath("$.byStatus.REJECTED").exists()
            .jsonPath("$.cancelledByReason['customer request']")
            .value(Integer.class, count -> assertThat(count).isGreaterThanOrEqualTo(1));
    }

    @Test
    void eachListenerGroupHasItsHealthWithTheTopicsItConsumes() {
        http.get().uri("/actuator/health/reliableListeners/{group}", properties.group())
            .headers(headers -> headers.setBasicAuth("admin", ADMIN_PASSWORD)).exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.details.topics").value(List.class, topics -> assertThat(topics)
                .contains(properties.stockTopic(), properties.deadlineTopic()))
            .jsonPath("$.details.keysRetrying").isEqualTo(0);
    }

    @Test
    void actuatorReadsAreOpenButItsWritesNeedTheAdministrator() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        http.get().uri("/actuator/deadletters").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.count").isEqualTo(0);

        Map<String, Object> replayOne = Map.of("id", 1);
        http.post().uri("/actuator/deadletters").contentType(MediaType.APPLICATION_JSON).body(replayOne).exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().value("WWW-Authenticate", value -> assertThat(value).startsWith("Basic"));
        http.delete().uri("/actuator/deadletters?group=order-service").exchange().expectStatus().isUnauthorized();
        http.post().uri("/actuator/deadletters").headers(headers -> headers.setBasicAuth("admin", "wrong"))
            .contentType(MediaType.APPLICATION_JSON).body(replayOne).exchange()
            .expectStatus().isUnauthorized();

        http.post().uri("/actuator/deadletters").headers(headers -> headers.setBasicAuth("admin", ADMIN_PASSWORD))
            .contentType(MediaType.APPLICATION_JSON).body(replayOne).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.replayed").isEqualTo(0);
    }

    @Test
    void listenerAndRelayMetricsArePublished() {
        OrderView order = place("sku-metrics", 1);
        send(reserved(order));
        await().atMost(PATIENCE).until(() -> status(order.id()) == OrderStatus.CONFIRMED);

        http.get().uri("/actuator/metrics/reliable.messaging.listener.received").exchange().expectStatus().isOk();
        http.get().uri("/actuator/metrics/reliable.messaging.relay.sent").exchange().expectStatus().isOk();
    }
}
