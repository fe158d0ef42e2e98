package org.reliablemessaging.kafka;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.reliablemessaging.spi.Acknowledgement;
import org.reliablemessaging.spi.InboundMessage;
import org.reliablemessaging.spi.MessageDispatcher;

/** A dispatcher that records what it receives and leaves acknowledging to the test. */
final class RecordingDispatcher implements MessageDispatcher {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void dispatch(InboundMessage message, Acknowledgement acknowledgement) {
        deliveries.add(new Delivery(message, acknowledgement));
    }

    /** Everything received so far, in order. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until at least {@code count} messages were received, and returns them all. */
    List<Delivery> awaitCount(int count) {
        await().atMost(TIMEOUT).until(() -> deliveries.size() >= count);
        return deliveries();
    }

    /** The latest delivery of the message at {@code offset} of {@code partition} ({@code topic-n}). */
    Delivery at(String partition, long offset) {
        return deliveries.reversed().stream()
                .filter(delivery -> delivery.message().partition().equals(partition)
                        && delivery.message().offset() == offset)
                .findFirst()
                .orElseThrow(() -> new AssertionError("not delivered: " + partition + "@" + offset));
    }

    /** One message as received, with its acknowledgement. */
    record Delivery(InboundMessage message, Acknowledgement acknowledgement) {

        void acknowledge() {
            acknowledgement.acknowledge();
        }

        /** {@code topic-n@offset}, to compare deliveries in assertions. */
        String position() {
            return message.partition() + "@" + message.offset();
        }
    }
}
