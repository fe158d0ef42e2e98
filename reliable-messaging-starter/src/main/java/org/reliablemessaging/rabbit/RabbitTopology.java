package org.reliablemessaging.rabbit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Rabbit.QueueType;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The exchanges and consumer-group queues of {@code reliable-messaging.rabbit.topology}, or of one
 * consumer group, as declarables for a {@link org.springframework.amqp.rabbit.core.RabbitAdmin}.
 *
 * <p>Every queue is durable and has a single active consumer, so a group consumes each partition
 * in order and another consumer takes over when the active one goes; the arguments are fixed now
 * because RabbitMQ refuses to redeclare a queue with different ones.
 */
public final class RabbitTopology {

    private RabbitTopology() {
    }

    /**
     * The declarables of the configured topology, validated.
     * @param settings the RabbitMQ settings holding the topology
     * @param declaringAdmin the admin (or its bean name) that alone declares them, so that other
     *        admins of the application leave them alone
     * @throws IllegalArgumentException naming the first invalid topic, group or resulting name
     */
    public static Declarables declarables(ReliableMessagingProperties.Rabbit settings, Object declaringAdmin) {
        RabbitRouting routing = new RabbitRouting(settings.getExchangePrefix(), settings.getPartitions());
        List<Declarable> declarables = new ArrayList<>();
        for (Map.Entry<String, List<String>> topic : settings.getTopology().entrySet()) {
            DirectExchange exchange = exchange(routing.exchange(topic.getKey()));
            declarables.add(exchange);
            for (String group : topic.getValue()) {
                addGroupQueues(declarables, exchange, routing, settings.getQueueType(), topic.getKey(), group);
            }
        }
        declarables.forEach(declarable -> declarable.setAdminsThatShouldDeclare(declaringAdmin));
        return new Declarables(declarables);
    }

    /**
     * What one consumer group needs on one topic: the topic's exchange first, then each partition's
     * queue followed by its binding, in partition order.
     * @throws IllegalArgumentException naming the invalid topic, group or resulting name
     */
    public static List<Declarable> group(RabbitRouting routing, QueueType queueType, String topic, String group) {
        DirectExchange exchange = exchange(routing.exchange(topic));
        List<Declarable> declarables = new ArrayList<>(List.of(exchange));
        addGroupQueues(declarables, exchange, routing, queueType, topic, group);
        return declarables;
    }

    /** The durable direct exchange of a topic. */
    public static DirectExchange exchange(String name) {
        return new DirectExchange(name, true, false);
    }

    private static void addGroupQueues(List<Declarable> declarables, DirectExchange exchange, RabbitRouting routing,
            QueueType queueType, String topic, String group) {
        for (int partition = 0; partition < routing.partitions(); partition++) {
            Queue queue = queue(routing.queue(topic, group, partition), queueType);
            declarables.add(queue);
            declarables.add(BindingBuilder.bind(queue).to(exchange).with(RabbitRouting.routingKey(partition)));
        }
    }

    private static Queue queue(String name, QueueType type) {
        QueueBuilder builder = QueueBuilder.durable(name).singleActiveConsumer();
        return switch (type) {
            case QUORUM -> builder.quorum().build();
            case CLASSIC -> builder.withArgument("x-queue-type", "classic").build();
        };
    }
}
