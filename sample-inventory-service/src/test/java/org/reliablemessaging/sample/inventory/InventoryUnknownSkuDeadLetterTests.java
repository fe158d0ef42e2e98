package org.reliablemessaging.sample.inventory;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.ReservationState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With {@code inventory.unknown-sku=dead-letter}, an order for a SKU not stocked is refused for good: a dead letter. */
@TestPropertySource(properties = "inventory.unknown-sku=dead-letter")
class InventoryUnknownSkuDeadLetterTests extends InventoryServiceTests {

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    ReservationRepository reservations;

    @Test
    void anOrderForASkuNotStockedIsDeadLetteredAndTheSkusOrdersMoveOn() {
        setStock("sku-stocked", 3);
        UUID unknown = UUID.randomUUID();
        UUID known = UUID.randomUUID();
        send(placed(unknown, "gift-card", 1), placed(known, "sku-stocked", 1));

        await().atMost(PATIENCE).until(() -> reservations.findById(known).map(r -> r.state())
            .orElse(null) == ReservationState.RESERVED);
        DeadLetterQuery letters = DeadLetterQuery.all().group(properties.group()).topic(properties.ordersTopic());
        await().atMost(PATIENCE).until(() -> !deadLetters.list(letters).isEmpty());
        assertThat(deadLetters.list(letters)).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isOne();
            assertThat(letter.errorMessage()).isEqualTo("Order " + unknown + " asks for gift-card, which this inventory "
                    + "does not stock: refused for good (inventory.unknown-sku=dead-letter)");
        });
        assertThat(reservations.findById(unknown)).isEmpty();
    }
}
