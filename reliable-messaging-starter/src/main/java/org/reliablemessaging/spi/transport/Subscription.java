package org.reliablemessaging.spi.transport;

import java.util.List;

/**
 * What a consumer group consumes.
 *
 * @param group the consumer group
 * @param topics the topics, the group's retry topic among them
 * @param maxInFlight most messages delivered but not yet acknowledged (a transport with prefetch
 *        uses it as its prefetch)
 */
public record Subscription(String group, List<String> topics, int maxInFlight) {

    public Subscription {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("a subscription needs at least one topic");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
    }

    /** The topic on which dead letters replayed for {@code group} come back to it alone. */
    public static String retryTopic(String topic, String group) {
        return topic + "." + group + ".retry";
    }

    /** The topic to which {@code group}'s dead letters of {@code topic} go when there is no database to keep them. */
    public static String deadLetterTopic(String topic, String group) {
        return topic + "." + group + ".dlt";
    }
}
