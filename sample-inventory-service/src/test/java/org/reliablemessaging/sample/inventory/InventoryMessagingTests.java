package org.reliablemessaging.sample.inventory;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.sample.inventory.domain.Reservation;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.ReservationState;
import org.reliablemessaging.sample.inventory.web.StockView;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stock rules as the order events drive them: in each SKU's order, and once per message. */
class InventoryMessagingTests extends InventoryServiceTests {

    @Autowired
    ReservationRepository reservations;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeadLetters deadLetters;

    @Test
    void eventsOfASkuApplyInOrderReservingRejectingAndReleasingExactlyWhatEachOrderHeld() {
        setStock("sku-rules", 10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        UUID fourth = UUID.randomUUID();

        // Each step depends on the one before: out of order, other orders would get the stock.
        send(placed(first, "sku-rules", 6), placed(second, "sku-rules", 6), cancelled(first, "sku-rules"),
                placed(third, "sku-rules", 6), cancelled(second, "sku-rules"), placed(fourth, "sku-rules", 4));

        var answers = answers("sku-rules", 4);
        assertThat(types(answers)).containsExactly("stock-reserved", "stock-rejected", "stock-reserved",
                "stock-reserved");
        assertThat(payload(answers.get(1))).contains(second.toString(),
                "\"reason\":\"only 4 of sku-rules available, 6 ordered\"");
        assertThat(stock("sku-rules")).isEqualTo(new StockView("sku-rules", 0, 10));
        assertThat(state(first)).isEqualTo(ReservationState.RELEASED);
        assertThat(state(second)).as("a cancel of an order that got nothing").isEqualTo(ReservationState.REJECTED);
        assertThat(state(third)).isEqualTo(ReservationState.RESERVED);
        assertThat(state(fourth)).isEqualTo(ReservationState.RESERVED);

        // The same decisions over REST, for a verifier to hold against the orders.
        http.get().uri("/reservations/{id}", second).exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.state").isEqualTo("REJECTED")
            .jsonPath("$.quantity").isEqualTo(6)
            .jsonPath("$.reason").isEqualTo("only 4 of sku-rules available, 6 ordered");
        http.get().uri("/reservations/{id}", UUID.randomUUID()).exchange()
            .expectStatus().isNotFound()
            .expectBody().jsonPath("$.title").isEqualTo("Reservation not found");
    }

    @Test
    void anOrderForAnUnknownSkuIsRejected() {
        UUID order = UUID.randomUUID();
        send(placed(order, "sku-unheard-of", 1));

        assertThat(answers("sku-unheard-of", 1)).singleElement()
            .satisfies(answer -> assertThat(payload(answer)).contains("\"reason\":\"unknown SKU sku-unheard-of\""));
        assertThat(state(order)).isEqualTo(ReservationState.REJECTED);
    }

    @Test
    void eventsDeliveredTwiceOrPublishedTwiceHaveOneEffect() {
        setStock("sku-twice", 5);
        UUID order = UUID.randomUUID();
        OutboundMessage placed = placed(order, "sku-twice", 2);

        send(placed, placed);
        await().atMost(PATIENCE).until(() -> duplicatesSkipped() >= 1);
        assertThat(stock("sku-twice")).isEqualTo(new StockView("sku-twice", 3, 2));

        // The same order placed again under a new message id: decided already, so nothing changes.
        send(placed(order, "sku-twice", 2));
        OutboundMessage cancelled = cancelled(order, "sku-twice");
        send(cancelled, cancelled, cancelled(order, "sku-twice"));
        UUID marker = UUID.randomUUID();
        send(placed(marker, "sku-twice", 1));

        assertThat(types(answers("sku-twice", 2))).as("one answer for the order, one for the marker")
            .containsExactly("stock-reserved", "stock-reserved");
        await().atMost(PATIENCE).until(() -> state(marker) == ReservationState.RESERVED);
        assertThat(stock("sku-twice")).isEqualTo(new StockView("sku-twice", 4, 1));
        assertThat(state(order)).isEqualTo(ReservationState.RELEASED);
    }

    @Test
    void anOrderForNoPositiveQuantityIsDeadLetteredAtOnceAndTheSkuMovesOn() {
        setStock("sku-odd", 3);
        UUID odd = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        send(placed(odd, "sku-odd", -2), placed(next, "sku-odd", 1));

        await().atMost(PATIENCE).until(() -> state(next) == ReservationState.RESERVED);
        DeadLetterQuery letters = DeadLetterQuery.all().group(properties.group()).topic(properties.ordersTopic());
        assertThat(deadLetters.list(letters)).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isOne();
            assertThat(letter.errorMessage())
                .isEqualTo("Order " + odd + " asks for -2 of sku-odd: quantities are positive");
        });
        assertThat(state(odd)).isNull();
        assertThat(stock("sku-odd")).isEqualTo(new StockView("sku-odd", 2, 1));
    }

    private ReservationState state(UUID orderId) {
        return reservations.findById(orderId).map(Reservation::state).orElse(null);
    }

    private double duplicatesSkipped() {
        return meters.find("reliable.messaging.listener.duplicates").tag("group", properties.group()).counters()
            .stream().mapToDouble(counter -> counter.count()).sum();
    }
}
