package org.reliablemessaging.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.spi.ListenerOutcome;
import org.reliablemessaging.test.autoconfigure.AutoConfigureInMemoryTransport;
import org.reliablemessaging.test.memory.InMemoryBroker;
import org.reliablemessaging.test.shop.ShopApplication;
import org.reliablemessaging.test.shop.ShopApplication.OrderCancelled;
import org.reliablemessaging.test.shop.ShopApplication.OrderPlaced;
import org.reliablemessaging.test.shop.ShopApplication.Orders;
import org.reliablemessaging.test.shop.ShopApplication.Stock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness on a real application: outbox on H2, the relay, the in-memory transport and a listener. */
@SpringBootTest(classes = ShopApplication.class)
@AutoConfigureInMemoryTransport
class MessagingTestHarnessTests {

    @Autowired
    MessagingTestHarness harness;

    @Autowired
    Orders orders;

    @Autowired
    Stock stock;

    @Autowired
    InMemoryBroker broker;

    @Test
    void recordsWhatWasPublishedOnceCommittedWithThePayloadAsTheApplicationsObject() {
        orders.place("o-1", "sku-1", 2);

        assertThat(harness.published()).singleElement().satisfies(message -> {
            assertThat(message.topic()).isEqualTo("orders");
            assertThat(message.key()).isEqualTo("sku-1");
            assertThat(message.type()).isEqualTo("OrderPlaced");
            assertThat(message.headers()).containsEntry("channel", "web");
            assertThat(message.payload()).isEqualTo(new OrderPlaced("o-1", "sku-1", 2));
        });
        assertThat(harness.published(OrderPlaced.class)).containsExactly(new OrderPlaced("o-1", "sku-1", 2));
    }

    @Test
    void aRolledBackPublishWasNeverPublished() {
        assertThatThrownBy(() -> orders.placeAndFail("o-2", "sku-2")).hasMessage("payment declined");

        harness.assertNotPublished(OrderPlaced.class, Duration.ofMillis(300));
        harness.assertNotHandled("stock", OrderPlaced.class, Duration.ZERO);
    }

    @Test
    void waitsUntilTheListenerHandledTheMessageWithoutSleeping() {
        orders.place("o-3", "sku-3", 1);

        OrderPlaced handled = harness.awaitHandled("stock", OrderPlaced.class, order -> order.orderId().equals("o-3"));

        assertThat(handled.sku()).isEqualTo("sku-3");
        assertThat(stock.reservations.get("sku-3")).containsExactly("o-3");
        assertThat(broker.messages("orders")).extracting(message -> message.key()).contains("sku-3");
    }

    @Test
    void keepsEachKeysOrderWhileKeysRunInParallel() {
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> {
            String orderId = "p-" + i;
            orders.place(orderId, "sku-k" + (i % 4), 1);
            expected.add(orderId);
        });

        for (int i = 0; i < 40; i++) {
            String orderId = "p-" + i;
            harness.awaitHandled("stock", OrderPlaced.class, order -> order.orderId().equals(orderId));
        }

        for (int k = 0; k < 4; k++) {
            int key = k;
            assertThat(stock.reservations.get("sku-k" + k)).as("sku-k" + k + " in publish order")
                    .containsExactlyElementsOf(expected.stream()
                            .filter(id -> Integer.parseInt(id.substring(2)) % 4 == key).toList());
        }
    }

    @Test
    void reportsADeadLetterAndFailsAWaitForItsHandlingWithTheCause() {
        orders.place("o-4", "sku-4", 0);

        ListenerOutcome letter = harness.awaitDeadLettered("stock", OrderPlaced.class);

        assertThat(letter.failure()).isInstanceOf(NonRetryableException.class)
                .hasMessageContaining("quantity must be positive");
        assertThatThrownBy(() -> harness.awaitHandled("stock", OrderPlaced.class))
                .isInstanceOf(AssertionError.class).hasMessageContaining("dead-lettered it after 1 attempt(s)");
    }

    @Test
    void assertingSomethingWasNotPublishedFailsWhenItWas() {
        orders.place("o-5", "sku-5", 1);

        assertThatThrownBy(() -> harness.assertNotPublished(OrderPlaced.class, Duration.ofMillis(100)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("a OrderPlaced was published");
        harness.assertNotPublished(OrderCancelled.class, Duration.ofMillis(100));
    }

    @Test
    void aWaitThatTimesOutSaysWhatItSawInstead() {
        MessagingTestHarness quick = new MessagingTestHarness(Duration.ofMillis(200));
        quick.settled(new ListenerOutcome("stock", "orders", "sku-6", "id", "OrderPlaced",
                ListenerOutcome.Result.HANDLED, new OrderPlaced("o-6", "sku-6", 1), null, 1));

        assertThatThrownBy(() -> quick.awaitHandled("billing", OrderPlaced.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected group billing to handle a OrderPlaced that matches within PT0.2S")
                .hasMessageContaining("stock: OrderPlaced HANDLED");
    }
}
