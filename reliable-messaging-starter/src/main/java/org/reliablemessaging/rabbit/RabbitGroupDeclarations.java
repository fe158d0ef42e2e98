package org.reliablemessaging.rabbit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * What one consumer group consumes, named and argued as {@link RabbitTopology} has it: each topic's
 * exchange, and the group's queue of every partition and its parking queue bound to it. Declared when
 * the group's source starts and again on every new connection, so that a group started before any
 * producer gets every later message, and a broker that lost them gets them back.
 */
final class RabbitGroupDeclarations implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(RabbitGroupDeclarations.class);

    /** What to do when a queue exists with other arguments, most often declared by an earlier version. */
    private static final String UPGRADE_ADVICE = ". RabbitMQ keeps the arguments a queue was first declared with: "
            + "if an earlier version or other settings (queue-type, delivery-limit) declared it, delete the group's "
            + "queues once they are drained and start again, or keep them with "
            + "reliable-messaging.rabbit.declare-delivery-limit=false and set the delivery limit and dead-letter "
            + "route through a policy (README: \"RabbitMQ: delivery limit and parking queue\", Upgrading)";

    private final ConnectionFactory connectionFactory;

    /** Never initialized: it declares only what it is told to, and listens to no connection itself. */
    private final RabbitAdmin admin;

    private final String group;

    private final RabbitQueueArguments arguments;

    private final List<Declarable> declarables = new ArrayList<>();

    private final Map<String, String> topicsByQueue = new LinkedHashMap<>();

    private final Set<String> parkingQueues = new HashSet<>();

    /** @throws IllegalArgumentException if a topic or the group makes an invalid RabbitMQ name */
    RabbitGroupDeclarations(ConnectionFactory connectionFactory, RabbitRouting routing, RabbitQueueArguments arguments,
            Subscription subscription) {
        this.connectionFactory = connectionFactory;
        this.admin = new RabbitAdmin(connectionFactory);
        this.group = subscription.group();
        this.arguments = arguments;
        for (String topic : subscription.topics()) {
            for (Declarable declarable : RabbitTopology.group(routing, arguments, topic, group)) {
                declarables.add(declarable);
                if (declarable instanceof Queue queue) {
                    topicsByQueue.put(queue.getName(), topic);
                }
            }
            if (arguments.parks()) {
                parkingQueues.add(routing.parkingQueue(topic, group));
            }
        }
    }

    String group() {
        return group;
    }

    /** The topic of each of the group's queues, parking queues included, in topic and partition order. */
    Map<String, String> topicsByQueue() {
        return Collections.unmodifiableMap(topicsByQueue);
    }

    /** The delivery limit declared on the group's queues, {@code null} if left to a policy. */
    @Nullable Integer deliveryLimit() {
        return arguments.deliveryLimit();
    }

    /** Whether {@code queue} is one where RabbitMQ dead-letters the group's messages. */
    boolean isParkingQueue(String queue) {
        return parkingQueues.contains(queue);
    }

    /**
     * Declares everything now, or on the next connection if the broker cannot be reached, and again on
     * every new connection until {@link #stopRedeclaring()}.
     * @throws IllegalStateException if the broker refuses a declaration (a queue of that name with
     *         other arguments, say)
     */
    void declareAndKeepDeclared() {
        try {
            declare();
        }
        catch (AmqpException ex) {
            if (RabbitErrors.isRefusal(ex)) {
                String advice = RabbitErrors.isInequivalent(ex) ? UPGRADE_ADVICE : "";
                throw new IllegalStateException("RabbitMQ refused to declare the queues of consumer group '" + group
                        + "': " + SendOutcome.errorText(ex) + advice, ex);
            }
            log.warn("Cannot declare the RabbitMQ queues of consumer group '{}' now; they are declared on the next "
                    + "connection", group, ex);
        }
        // A connected factory calls back at once and declares again: idempotent, and only at start.
        connectionFactory.addConnectionListener(this);
    }

    void stopRedeclaring() {
        connectionFactory.removeConnectionListener(this);
    }

    @Override
    public void onCreate(@Nullable Connection connection) {
        try {
            declare();
        }
        catch (AmqpException ex) {
            // The consumers of missing queues keep retrying; throwing here would fail their connection.
            log.error("Cannot declare the RabbitMQ queues of consumer group '{}' on a new connection", group, ex);
        }
    }

    private void declare() {
        for (Declarable declarable : declarables) {
            switch (declarable) {
                case Exchange exchange -> admin.declareExchange(exchange);
                case Queue queue -> admin.declareQueue(queue);
                case Binding binding -> admin.declareBinding(binding);
                default -> throw new IllegalStateException("not a RabbitMQ declaration: " + declarable);
            }
        }
    }
}
