package org.reliablemessaging.sample.order;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.web.OrderView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders nobody answered are cancelled by the payment deadline the service sent itself. */
@TestPropertySource(properties = "orders.payment-timeout=3s")
class OrderPaymentTimeoutTests extends OrderServiceTests {

    @Autowired
    MeterRegistry meters;

    @Test
    void aPendingOrderIsCancelledOnceItsPaymentIsOverdueAndTheInventoryHearsOfItWhileAConfirmedOneStays() {
        OrderView unpaid = place("sku-unpaid", 2);
        OrderView paid = place("sku-paid", 1);
        send(reserved(paid));
        await().atMost(PATIENCE).until(() -> status(paid.id()) == OrderStatus.CONFIRMED);

        await().atMost(PATIENCE).until(() -> status(unpaid.id()) == OrderStatus.CANCELLED);
        assertThat(Duration.between(unpaid.createdAt(), Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(orderReason(unpaid)).isEqualTo("payment timeout");
        assertThat(types(orderEvents("sku-unpaid", 2))).containsExactly("order-placed", "order-cancelled");

        await().atMost(PATIENCE).until(() -> deadlinesHandled() == 2);
        assertThat(status(paid.id())).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(types(orderEvents("sku-paid", 1))).containsExactly("order-placed");
    }

    private String orderReason(OrderView order) {
        return http.get().uri("/orders/{id}", order.id()).exchange().expectBody(OrderView.class).returnResult()
            .getResponseBody().reason();
    }

    private long deadlinesHandled() {
        return meters.find("reliable.messaging.listener.handler").tag("topic", properties.deadlineTopic()).timers()
            .stream().mapToLong(timer -> timer.count()).sum();
    }
}
