package org.reliablemessaging.rabbit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import com.rabbitmq.client.Channel;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Consumes one consumer group's partition queues of all its topics from RabbitMQ, hands every message
 * to a {@link MessageDispatcher}, and acks it once the dispatcher acknowledges it.
 *
 * <p>A {@link DirectMessageListenerContainer} consumes each queue with manual acks on a channel of its
 * own, calls back on the client's threads, and restarts consumers when their channel or connection
 * breaks. Each queue has a single active consumer across all instances of the group, so one instance
 * at a time consumes it, in order, and another takes over, with the unacked messages, when it goes.
 *
 * <p>In flight: each queue's consumer has a prefetch of an equal share of the subscription's
 * {@code maxInFlight}, at least 1 so that every queue is consumed; at most
 * {@code max(maxInFlight, queues)} messages wait for acknowledgement, fewer when another instance
 * holds some of the queues. The broker sends a consumer nothing more once its prefetch is used up,
 * which is what {@link #pause()} asks for, so pausing does nothing. Cancelling instead would hand the
 * queue to another instance's consumer while this one still holds messages of it, and both would work
 * on one queue at once, out of order.
 *
 * <p>A message RabbitMQ dead-lettered to the group's parking queue, once a quorum queue's delivery
 * limit was exceeded, is dispatched with a dead-letter reason: the listener dead-letters it at once
 * and acknowledges it. The parking queues take their share of the prefetch like the others.
 *
 * <p>Messages carry offset {@code -1}: RabbitMQ acks each message alone, and delivery tags are no
 * position in a queue.
 */
public final class RabbitMessageSource implements MessageSource {

    private static final Logger log = LoggerFactory.getLogger(RabbitMessageSource.class);

    /** How soon a consumer whose channel broke is restarted: Spring's default idles a queue 5 to 10 s. */
    private static final Duration RESTART_INTERVAL = Duration.ofSeconds(2);

    private final ConnectionFactory connectionFactory;

    private final RabbitGroupDeclarations declarations;

    private final MessageDispatcher dispatcher;

    private final Duration shutdownTimeout;

    private final int prefetch;

    /** Between start and stop; each run has fresh acknowledgements, so a late one never counts for the next. */
    private @Nullable Run run;

    RabbitMessageSource(ConnectionFactory connectionFactory, RabbitGroupDeclarations declarations,
            Subscription subscription, MessageDispatcher dispatcher, Duration shutdownTimeout) {
        this.connectionFactory = connectionFactory;
        this.declarations = declarations;
        this.dispatcher = dispatcher;
        this.shutdownTimeout = shutdownTimeout;
        this.prefetch = prefetch(subscription.maxInFlight(), declarations.topicsByQueue().size());
    }

    /** Each queue's prefetch: an equal share of {@code maxInFlight}, at least 1. */
    static int prefetch(int maxInFlight, int queues) {
        return Math.max(1, maxInFlight / queues);
    }

    /** @throws IllegalStateException if the broker refuses to declare the group's queues */
    @Override
    public synchronized void start() {
        if (run != null) {
            return;
        }
        declarations.declareAndKeepDeclared();
        InFlightAcks inFlight = new InFlightAcks();
        DirectMessageListenerContainer container = container(inFlight);
        try {
            container.start();
        }
        catch (RuntimeException ex) {
            declarations.stopRedeclaring();
            throw ex;
        }
        run = new Run(container, inFlight);
    }

    /**
     * Stops dispatching, waits up to the shutdown timeout for the dispatched messages to be
     * acknowledged, then cancels the consumers and closes their channels: the broker requeues whatever
     * is unacked, for whichever consumer of its queue comes next.
     */
    @Override
    public synchronized void stop() {
        Run stopping = run;
        if (stopping == null) {
            return;
        }
        run = null;
        int unacknowledged = stopping.inFlight().closeAndAwait(shutdownTimeout);
        if (unacknowledged > 0) {
            log.info("{} messages of consumer group '{}' not acknowledged within {}; RabbitMQ redelivers them",
                    unacknowledged, declarations.group(), shutdownTimeout);
        }
        try {
            stopping.container().stop();
        }
        finally {
            declarations.stopRedeclaring();
        }
    }

    /** Nothing to do: the prefetch already stops deliveries while acknowledgements are outstanding. */
    @Override
    public void pause() {
    }

    /** Nothing to do, as for {@link #pause()}. */
    @Override
    public void resume() {
    }

    private DirectMessageListenerContainer container(InFlightAcks inFlight) {
        Map<String, String> topicsByQueue = declarations.topicsByQueue();
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setListenerId("reliable-messaging-" + declarations.group());
        container.setQueueNames(topicsByQueue.keySet().toArray(String[]::new));
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(prefetch);
        container.setMonitorInterval(RESTART_INTERVAL.toMillis());
        container.setFailedDeclarationRetryInterval(RESTART_INTERVAL.toMillis());
        container.setMessageListener((ChannelAwareMessageListener) (message, channel) -> deliver(topicsByQueue,
                inFlight, message, Objects.requireNonNull(channel, "the container exposes the channel")));
        container.afterPropertiesSet();
        return container;
    }

    private void deliver(Map<String, String> topicsByQueue, InFlightAcks inFlight, Message message, Channel channel) {
        MessageProperties properties = message.getMessageProperties();
        String queue = Objects.requireNonNull(properties.getConsumerQueue(), "the container names the queue");
        // Not the proxy: once this channel closed, it would open a new one, where the unknown tag closes it again.
        Channel deliveredOn = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        Acknowledgement acknowledgement = inFlight.track(deliveredOn, properties.getDeliveryTag(), queue);
        if (acknowledgement != null) {
            String topic = Objects.requireNonNull(topicsByQueue.get(queue), () -> "no topic has queue " + queue);
            dispatcher.dispatch(declarations.isParkingQueue(queue)
                    ? RabbitInboundMessages.parked(topic, queue, message, declarations.deliveryLimit())
                    : RabbitInboundMessages.of(topic, queue, message), acknowledgement);
        }
    }

    private record Run(DirectMessageListenerContainer container, InFlightAcks inFlight) {
    }
}
