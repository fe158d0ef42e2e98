package org.reliablemessaging.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;

/**
 * The failures that became known while one batch was being handed to the broker, and the topics and
 * keys they stop: those must not be sent any further.
 *
 * <p>A later message of a failed message's key must not overtake it, and after a retryable failure of
 * a topic (broker unavailable, topic not ready) every further message of that topic would fail the
 * same way: both are reported as retryable without being sent.
 */
public final class EarlyFailures {

    private final Map<String, SendOutcome> topics = new HashMap<>();

    private final Map<TopicKey, SendOutcome> keys = new HashMap<>();

    /** The outcome to report instead of sending {@code message}, if it must not be sent. */
    public Optional<SendOutcome> stopped(OutboundMessage message) {
        SendOutcome topicStop = topics.get(message.topic());
        if (topicStop != null || message.key() == null) {
            return Optional.ofNullable(topicStop);
        }
        return Optional.ofNullable(keys.get(new TopicKey(message.topic(), message.key())));
    }

    /** Stops every further message of {@code topic} with {@code outcome}. */
    public void stopTopic(String topic, SendOutcome outcome) {
        topics.put(topic, outcome);
    }

    /** Records an outcome of {@code message} that was known before the next message was handed over. */
    public void record(OutboundMessage message, SendOutcome outcome) {
        if (outcome.status() == Status.CONFIRMED) {
            return;
        }
        if (outcome.status() == Status.RETRYABLE) {
            stopTopic(message.topic(),
                    SendOutcome.retryable("not sent after an earlier message of its topic failed: " + outcome.error()));
        }
        if (message.key() != null) {
            keys.put(new TopicKey(message.topic(), message.key()),
                    SendOutcome.retryable("not sent after an earlier message of its key failed: " + outcome.error()));
        }
    }

    /** The unit of ordering: a key within its topic. */
    private record TopicKey(String topic, String key) {
    }
}
