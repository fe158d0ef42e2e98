package org.reliablemessaging.sample.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.messages.OrderPlaced;
import org.reliablemessaging.sample.order.messages.PaymentDeadline;
import org.reliablemessaging.sample.order.messages.StockReserved;
import org.reliablemessaging.sample.order.web.OrderView;
import org.reliablemessaging.test.MessagingTestHarness;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Orders and their messages: one transaction each, and the inventory's answers taken once. */
class OrderMessagingTests extends OrderServiceTests {

    @Autowired
    OrderService orders;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    /** What the service published and what its listeners did (reliable-messaging-test). */
    @Autowired
    MessagingTestHarness harness;

    @Test
    void aPlacedOrderReachesTheBrokerAsOrderPlacedKeyedBySkuAndItsPaymentDeadlineWaitsInTheOutbox() {
        OrderView order = place("sku-placed", 5);

        assertThat(harness.published(OrderPlaced.class))
            .containsExactly(new OrderPlaced(order.id(), "alice", "sku-placed", 5));
        assertThat(harness.published()).filteredOn(message -> message.isA(PaymentDeadline.class))
            .singleElement().satisfies(deadline -> assertThat(deadline.message().delay()).isEqualTo(Duration.ofHours(1)));
        assertThat(orderEvents("sku-placed", 1)).singleElement().satisfies(record -> {
            assertThat(KafkaTopicReader.header(record, "rm-type")).isEqualTo("order-placed");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains(order.id().toString(),
                    "\"quantity\":5");
        });
        assertThat(outboxRows(properties.deadlineTopic(), order.id().toString()))
            .as("the payment deadline, held back an hour").isOne();
    }

    @Test
    void aTransactionThatFailsAfterPlacingAnOrderLeavesNeitherTheOrderNorItsMessages() {
        assertThatIllegalStateException().isThrownBy(() -> transaction.executeWithoutResult(status -> {
            orders.place("alice", "sku-rolled-back", 1);
            throw new IllegalStateException("payment provider down");
        }));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM purchase_order WHERE sku = 'sku-rolled-back'",
                Integer.class)).isZero();
        // The outbox keeps each key's last sequence number: a message that ever committed would have left one.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rm_outbox_key WHERE msg_key = 'sku-rolled-back'",
                Integer.class)).isZero();
        assertThat(outboxRows(properties.topic(), "sku-rolled-back")).isZero();
        harness.assertNotPublished(OrderPlaced.class, Duration.ZERO);
    }

    @Test
    void repliesDeliveredTwiceConfirmOrRejectOnce() {
        OrderView confirmed = place("sku-twice", 1);
        OrderView rejected = place("sku-twice", 1);
        var reserved = reserved(confirmed);
        var refused = rejected(rejected);

        send(reserved, refused, reserved, refused);
        await().atMost(PATIENCE).until(() -> duplicatesSkipped() >= 2);
        assertThat(status(confirmed.id())).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(orders.find(rejected.id()).reason()).isEqualTo("out of stock");

        // A contradicting answer under a new message id, as from a confused inventory, changes nothing either.
        send(rejected(confirmed));
        awaitAllHandledOf("sku-twice");
        assertThat(status(confirmed.id())).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(status(rejected.id())).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void anAnswerForAnOrderCancelledMeanwhileDoesNotBringItBack() {
        OrderView order = place("sku-late", 2);
        http.post().uri("/orders/{id}/cancel", order.id()).exchange().expectStatus().isOk();

        send(reserved(order));
        awaitAllHandledOf("sku-late");
        assertThat(status(order.id())).isEqualTo(OrderStatus.CANCELLED);

        assertThat(types(orderEvents("sku-late", 3)))
            .as("the inventory hears of the cancel after the order (and before the marker's), on the SKU's key")
            .containsExactly("order-placed", "order-cancelled", "order-placed");
    }

    /** Sends a last answer for the SKU and waits for it: the SKU's earlier answers were handled before it. */
    private void awaitAllHandledOf(String sku) {
        OrderView marker = place(sku, 1);
        send(reserved(marker));
        harness.awaitHandled(properties.group(), StockReserved.class, reply -> reply.orderId().equals(marker.id()));
        assertThat(status(marker.id())).isEqualTo(OrderStatus.CONFIRMED);
    }

    private int outboxRows(String topic, String key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM rm_outbox WHERE topic = ? AND msg_key = ?", Integer.class,
                topic, key);
    }

    private double duplicatesSkipped() {
        return meters.find("reliable.messaging.listener.duplicates").tag("group", properties.group()).counters()
            .stream().mapToDouble(counter -> counter.count()).sum();
    }
}
