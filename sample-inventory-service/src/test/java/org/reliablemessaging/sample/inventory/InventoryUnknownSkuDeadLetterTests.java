package org.reliablemessaging.sample.inventory;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.sample.inventory.domain.ReservationRepository;
import org.reliablemessaging.sample.inventory.domain.ReservationState;
import org.reliablemessaging.sample.inventory.messages.OrderPlaced;
import org.reliablemessaging.spi.ListenerOutcome;
import org.reliablemessaging.test.MessagingTestHarness;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code inventory.unknown-sku=dead-letter}, an order for a SKU not stocked is refused for good: a dead letter. */
@TestPropertySource(properties = "inventory.unknown-sku=dead-letter")
class InventoryUnknownSkuDeadLetterTests extends InventoryServiceTests {

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    ReservationRepository reservations;

    /** What the service's listeners did with each message (reliable-messaging-test). */
    @Autowired
    MessagingTestHarness harness;

    @Test
    void anOrderForASkuNotStockedIsDeadLetteredAndTheSkusOrdersMoveOn() {
        setStock("sku-stocked", 3);
        UUID unknown = UUID.randomUUID();
        UUID known = UUID.randomUUID();
        send(placed(unknown, "gift-card", 1), placed(known, "sku-stocked", 1));

        harness.awaitHandled(properties.group(), OrderPlaced.class, order -> order.orderId().equals(known));
        assertThat(reservations.findById(known)).get().extracting(r -> r.state()).isEqualTo(ReservationState.RESERVED);
        ListenerOutcome refused = harness.awaitDeadLettered(properties.group(), OrderPlaced.class,
                order -> order.orderId().equals(unknown));
        assertThat(refused.attempts()).isOne();
        DeadLetterQuery letters = DeadLetterQuery.all().group(properties.group()).topic(properties.ordersTopic());
        assertThat(deadLetters.list(letters)).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isOne();
            assertThat(letter.errorMessage()).isEqualTo("Order " + unknown + " asks for gift-card, which this inventory "
                    + "does not stock: refused for good (inventory.unknown-sku=dead-letter)");
        });
        assertThat(reservations.findById(unknown)).isEmpty();
    }
}
