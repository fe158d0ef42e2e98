package org.reliablemessaging.rabbit;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.reliablemessaging.spi.Acknowledgement;
import org.reliablemessaging.spi.InboundMessage;
import org.reliablemessaging.spi.MessageDispatcher;

/** A dispatcher that records what it is given, in order, and leaves acknowledging to the test. */
final class RecordingDispatcher implements MessageDispatcher {

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void dispatch(InboundMessage message, Acknowledgement acknowledgement) {
        deliveries.add(new Delivery(message, acknowledgement));
    }

    /** Everything delivered so far. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until at least {@code count} messages have been delivered, and returns them all. */
    List<Delivery> await(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> deliveries.size() >= count);
        return deliveries();
    }

    /** The queues the messages delivered so far came from. */
    Set<String> partitions() {
        return deliveries.stream().map(delivery -> delivery.message().partition()).collect(Collectors.toSet());
    }

    /** A message and the acknowledgement the source gave with it. */
    record Delivery(InboundMessage message, Acknowledgement acknowledgement) {

        String id() {
            return message.messageId();
        }

        void ack() {
            acknowledgement.acknowledge();
        }
    }
}
