package org.reliablemessaging.rabbit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.QueueBuilder.Overflow;

/**
 * The exchanges and consumer-group queues of a topology (consumer groups per topic), or of one
 * consumer group, as declarables for a {@link org.springframework.amqp.rabbit.core.RabbitAdmin}: the one
 * place that names queues and gives them their arguments.
 *
 * <p>Every queue is durable and has a single active consumer, so a group consumes each partition
 * in order and another consumer takes over when the active one goes; the arguments are fixed now
 * because RabbitMQ refuses to redeclare a queue with different ones.
 *
 * <p>A quorum queue counts the deliveries of a message that were never acked, and past its delivery
 * limit (RabbitMQ 4 sets 20 when none is declared) dead-letters it, or drops it without a route. So a
 * group's quorum queues declare the limit and dead-letter through the topic's exchange, with the
 * routing key of the group's parking queue, which the group consumes too. Dead-lettering is
 * {@code at-least-once}: the queue keeps the message until the parking queue confirmed it, which needs
 * the {@code reject-publish} overflow. The parking queue has no limit of its own that could be
 * reached (the largest int: RabbitMQ 3 and 4 read {@code -1} differently).
 */
public final class RabbitTopology {

    /** A limit no message reaches. */
    private static final int NO_DELIVERY_LIMIT = Integer.MAX_VALUE;

    private RabbitTopology() {
    }

    /**
     * The declarables of a topology, validated.
     * @param topology the consumer groups of each topic
     * @param declaringAdmin the admin (or its bean name) that alone declares them, so that other
     *        admins of the application leave them alone
     * @throws IllegalArgumentException naming the first invalid topic, group or resulting name
     */
    public static Declarables declarables(RabbitRouting routing, RabbitQueueArguments arguments,
            Map<String, List<String>> topology, Object declaringAdmin) {
        List<Declarable> declarables = new ArrayList<>();
        for (Map.Entry<String, List<String>> topic : topology.entrySet()) {
            DirectExchange exchange = exchange(routing.exchange(topic.getKey()));
            declarables.add(exchange);
            for (String group : topic.getValue()) {
                addGroupQueues(declarables, exchange, routing, arguments, topic.getKey(), group);
            }
        }
        declarables.forEach(declarable -> declarable.setAdminsThatShouldDeclare(declaringAdmin));
        return new Declarables(declarables);
    }

    /**
     * What one consumer group needs on one topic: the topic's exchange first, then each partition's
     * queue followed by its binding, in partition order, then the parking queue and its binding if the
     * queues are quorum queues.
     * @throws IllegalArgumentException naming the invalid topic, group or resulting name
     */
    public static List<Declarable> group(RabbitRouting routing, RabbitQueueArguments arguments, String topic,
            String group) {
        DirectExchange exchange = exchange(routing.exchange(topic));
        List<Declarable> declarables = new ArrayList<>(List.of(exchange));
        addGroupQueues(declarables, exchange, routing, arguments, topic, group);
        return declarables;
    }

    /** The durable direct exchange of a topic. */
    public static DirectExchange exchange(String name) {
        return new DirectExchange(name, true, false);
    }

    private static void addGroupQueues(List<Declarable> declarables, DirectExchange exchange, RabbitRouting routing,
            RabbitQueueArguments arguments, String topic, String group) {
        String parkingQueue = routing.parkingQueue(topic, group);
        Integer deliveryLimit = arguments.deliveryLimit();
        for (int partition = 0; partition < routing.partitions(); partition++) {
            QueueBuilder builder = builder(routing.queue(topic, group, partition), arguments.type());
            if (arguments.parks() && deliveryLimit != null) {
                builder.deliveryLimit(deliveryLimit)
                    .deadLetterExchange(exchange.getName())
                    .deadLetterRoutingKey(parkingQueue)
                    .withArgument("x-dead-letter-strategy", "at-least-once")
                    .overflow(Overflow.rejectPublish);
            }
            addBound(declarables, builder.build(), exchange, RabbitRouting.routingKey(partition));
        }
        if (arguments.parks()) {
            addBound(declarables, builder(parkingQueue, arguments.type()).deliveryLimit(NO_DELIVERY_LIMIT).build(),
                    exchange, parkingQueue);
        }
    }

    private static void addBound(List<Declarable> declarables, Queue queue, DirectExchange exchange, String routingKey) {
        declarables.add(queue);
        declarables.add(BindingBuilder.bind(queue).to(exchange).with(routingKey));
    }

    private static QueueBuilder builder(String name, QueueType type) {
        QueueBuilder builder = QueueBuilder.durable(name).singleActiveConsumer();
        return switch (type) {
            case QUORUM -> builder.quorum();
            case CLASSIC -> builder.withArgument("x-queue-type", "classic");
        };
    }
}
