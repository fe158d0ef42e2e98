package org.reliablemessaging.test.memory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.Subscription;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory transport delivers at least once, in partition order, within the in-flight limit. */
class InMemoryTransportTests {

    private final InMemoryBroker broker = new InMemoryBroker(1);

    private final InMemoryMessageSourceFactory sources = new InMemoryMessageSourceFactory(broker, Clock.systemUTC());

    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    record Delivery(InboundMessage message, Acknowledgement acknowledgement) {

        String text() {
            return new String(message.payload(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSenderConfirmsAndTheSourceDeliversInOrderWithTheHeaders() throws InterruptedException {
        assertThat(new InMemoryMessageSender(broker).send(List.of(message("a"), message("b"))).join())
                .containsExactly(SendOutcome.confirmed(), SendOutcome.confirmed());
        MessageSource source = start("billing", 10);

        Delivery first = next();
        assertThat(first.text()).isEqualTo("a");
        assertThat(first.message().headers()).containsKey("rm-id").containsEntry("rm-key", "k");
        assertThat(next().text()).isEqualTo("b");
        source.stop();
    }

    @Test
    void whatWasNotAcknowledgedIsDeliveredAgainToTheGroupAfterARestart() throws InterruptedException {
        new InMemoryMessageSender(broker).send(List.of(message("a"), message("b"), message("c"))).join();
        MessageSource first = start("billing", 10);
        next().acknowledgement().acknowledge();
        next();
        next();
        first.stop();

        MessageSource second = start("billing", 10);
        assertThat(next().text()).isEqualTo("b");
        assertThat(next().text()).isEqualTo("c");
        second.stop();
        assertThat(deliveries).isEmpty();
    }

    @Test
    void deliversNoMoreThanMaxInFlightUnacknowledged() throws InterruptedException {
        new InMemoryMessageSender(broker).send(List.of(message("a"), message("b"), message("c"))).join();
        MessageSource source = start("billing", 2);
        Delivery a = next();
        next();
        assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).as("a third before any acknowledgement").isNull();

        a.acknowledgement().acknowledge();
        assertThat(next().text()).isEqualTo("c");
        source.stop();
    }

    @Test
    void anotherGroupGetsEverythingFromTheStart() throws InterruptedException {
        new InMemoryMessageSender(broker).send(List.of(message("a"))).join();
        MessageSource billing = start("billing", 10);
        next().acknowledgement().acknowledge();
        MessageSource shipping = start("shipping", 10);
        assertThat(next().text()).isEqualTo("a");
        billing.stop();
        shipping.stop();
    }

    private MessageSource start(String group, int maxInFlight) {
        MessageSource source = sources.create(new Subscription(group, List.of("orders"), maxInFlight),
                (message, acknowledgement) -> deliveries.add(new Delivery(message, acknowledgement)));
        source.start();
        return source;
    }

    private Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).as("a delivery within 5 s").isNotNull();
        return delivery;
    }

    private static OutboundMessage message(String text) {
        return new OutboundMessage(UUID.randomUUID(), "orders", "k", 1, "Text", Map.of(),
                text.getBytes(StandardCharsets.UTF_8), Instant.now());
    }
}
