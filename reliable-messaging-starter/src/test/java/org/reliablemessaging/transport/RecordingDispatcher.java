package org.reliablemessaging.transport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageDispatcher;

/** A dispatcher that records what a source gives it, in order, and leaves acknowledging to the test. */
public final class RecordingDispatcher implements MessageDispatcher {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void dispatch(InboundMessage message, Acknowledgement acknowledgement) {
        deliveries.add(new Delivery(message, acknowledgement));
    }

    /** Everything received so far, in order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until at least {@code count} messages were received, and returns them all. */
    public List<Delivery> awaitCount(int count) {
        await().atMost(TIMEOUT).until(() -> deliveries.size() >= count);
        return deliveries();
    }

    /** The partitions (or queues) the messages received so far came from. */
    public Set<String> partitions() {
        return deliveries.stream().map(delivery -> delivery.message().partition()).collect(Collectors.toSet());
    }

    /** The latest delivery of the message at {@code offset} of {@code partition}. */
    public Delivery at(String partition, long offset) {
        return deliveries.reversed().stream()
                .filter(delivery -> delivery.message().partition().equals(partition)
                        && delivery.message().offset() == offset)
                .findFirst()
                .orElseThrow(() -> new AssertionError("not delivered: " + partition + "@" + offset));
    }

    /** One message as received, with its acknowledgement. */
    public record Delivery(InboundMessage message, Acknowledgement acknowledgement) {

        public void acknowledge() {
            acknowledgement.acknowledge();
        }

        public String id() {
            return message.messageId();
        }

        /** {@code partition@offset}, to compare deliveries in assertions. */
        public String position() {
            return message.partition() + "@" + message.offset();
        }
    }
}
