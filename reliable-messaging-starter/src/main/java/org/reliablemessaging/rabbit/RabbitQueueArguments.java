package org.reliablemessaging.rabbit;

import org.jspecify.annotations.Nullable;

/**
 * How {@link RabbitTopology} declares the queues of a consumer group.
 *
 * @param type the type of the group's queues
 * @param deliveryLimit deliveries without an ack after which a quorum queue dead-letters a message
 *        to the group's parking queue, or {@code null} to declare neither the limit nor the route and
 *        leave both to a policy; classic queues have no limit and ignore it
 */
public record RabbitQueueArguments(QueueType type, @Nullable Integer deliveryLimit) {

    public RabbitQueueArguments {
        if (deliveryLimit != null && deliveryLimit < 1) {
            throw new IllegalArgumentException("the delivery limit must be at least 1, was " + deliveryLimit);
        }
    }

    /** Whether the group's queues can dead-letter, and so the group has a parking queue. */
    boolean parks() {
        return type == QueueType.QUORUM;
    }
}
