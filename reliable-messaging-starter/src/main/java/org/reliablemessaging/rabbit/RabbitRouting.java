package org.reliablemessaging.rabbit;

import java.util.regex.Pattern;

import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.spi.transport.OutboundMessage;

/**
 * How topics map onto RabbitMQ: a direct exchange per topic, {@code partitions} virtual partitions
 * as routing keys, and per consumer group one queue per partition and a parking queue for what the
 * broker dead-letters.
 *
 * @param exchangePrefix prefix of every exchange and queue name
 * @param partitions number of virtual partitions of every topic
 */
public record RabbitRouting(String exchangePrefix, int partitions) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** RabbitMQ's limit: names are AMQP short strings. */
    private static final int MAX_NAME_LENGTH = 255;

    /** Names RabbitMQ reserves for itself and refuses to declare. */
    private static final String RESERVED_PREFIX = "amq.";

    public RabbitRouting {
        if (!exchangePrefix.isEmpty()) {
            requireValidName("exchange prefix", exchangePrefix);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("the number of partitions must be at least 1, was " + partitions);
        }
    }

    /** The exchange of {@code topic}. */
    public String exchange(String topic) {
        requireValidName("topic", topic);
        return requireValidName("exchange", exchangePrefix + topic);
    }

    /** The queue of consumer group {@code group} for one partition of {@code topic}. */
    public String queue(String topic, String group, int partition) {
        requireValidName("topic", topic);
        requireValidName("group", group);
        return requireValidName("queue", exchangePrefix + topic + "." + group + "." + partition);
    }

    /**
     * The queue where RabbitMQ dead-letters the messages of consumer group {@code group} on
     * {@code topic}; its name is also its routing key. A partition's queue name ends in its number, so
     * this one never takes a partition's name.
     */
    public String parkingQueue(String topic, String group) {
        requireValidName("topic", topic);
        requireValidName("group", group);
        return requireValidName("queue", exchangePrefix + topic + "." + group + ".parked");
    }

    /** The partition of a message: from its key, or from its id when it has no key. */
    public int partition(OutboundMessage message) {
        return KeyHash.bucket(message.key(), message.id(), partitions);
    }

    /** The routing key of partition {@code partition}. */
    public static String routingKey(int partition) {
        return Integer.toString(partition);
    }

    private static String requireValidName(String what, String name) {
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid RabbitMQ " + what + " name '" + name
                    + "': use 1 to " + MAX_NAME_LENGTH + " characters of A-Z a-z 0-9 . _ -");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("invalid RabbitMQ " + what + " name '" + name
                    + "': names starting with '" + RESERVED_PREFIX + "' are reserved by RabbitMQ");
        }
        return name;
    }
}
