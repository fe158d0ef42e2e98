package org.reliablemessaging.rabbit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.transport.BatchOutcomes;
import org.reliablemessaging.transport.SendDeadline;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitOperations;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Sends outbox messages to RabbitMQ: each to its topic's direct exchange, routed by its virtual
 * partition, persistent, mandatory, and confirmed by the broker one by one through correlated
 * publisher confirms.
 *
 * <p>A batch is published on one channel in batch order, which keeps the order of each key's
 * messages; the confirms are then awaited together.
 */
public final class RabbitMessageSender implements MessageSender {

    private static final String TRANSPORT = "RabbitMQ";

    private final RabbitTemplate template;

    private final AmqpAdmin admin;

    private final RabbitRouting routing;

    private final Duration confirmTimeout;

    /** Exchange name per topic whose exchange this sender has declared. */
    private final Map<String, String> declaredExchanges = new ConcurrentHashMap<>();

    private final AtomicLong publishCount = new AtomicLong();

    /**
     * @param connectionFactory a factory with correlated publisher confirms and publisher returns
     * @param admin declares each topic's exchange the first time the topic is sent to
     * @param routing the names and partitions
     * @param confirmTimeout how long a batch may wait for its confirms
     */
    public RabbitMessageSender(AbstractConnectionFactory connectionFactory, AmqpAdmin admin, RabbitRouting routing,
            Duration confirmTimeout) {
        if (!connectionFactory.isPublisherConfirms() || !connectionFactory.isPublisherReturns()) {
            throw new IllegalArgumentException(
                    "the RabbitMQ connection factory needs correlated publisher confirms and publisher returns");
        }
        this.template = new RabbitTemplate(connectionFactory);
        template.setMandatory(true);
        // A return reaches the message's CorrelationData, where its outcome is read; this callback
        // only stops the template from warning about returns nobody listens to.
        template.setReturnsCallback(returned -> {
        });
        this.admin = admin;
        this.routing = routing;
        this.confirmTimeout = confirmTimeout;
        connectionFactory.addChannelListener(new ChannelListener() {

            @Override
            public void onCreate(Channel channel, boolean transactional) {
                // Only closes matter.
            }

            @Override
            public void onShutDown(ShutdownSignalException signal) {
                // Deleted since declared: declare it again with the next batch.
                RabbitErrors.missingExchange(signal).ifPresent(declaredExchanges.values()::remove);
            }
        });
    }

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        SendDeadline deadline = SendDeadline.after(confirmTimeout);
        List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>(batch.size());
        try {
            Exchanges exchanges = declareExchanges(batch);
            template.invoke(operations -> publishAll(operations, batch, exchanges, deadline, outcomes));
        }
        catch (RuntimeException ex) {
            // No connection, or the channel broke: the messages not yet published fail with it.
            SendOutcome failed = SendOutcome.retryable(SendOutcome.errorText(ex));
            while (outcomes.size() < batch.size()) {
                outcomes.add(CompletableFuture.completedFuture(failed));
            }
        }
        return BatchOutcomes.await(TRANSPORT, batch, outcomes, deadline);
    }

    /** Declares the exchanges of the batch's new topics. */
    private Exchanges declareExchanges(List<OutboundMessage> batch) {
        Map<String, String> names = new HashMap<>();
        Map<String, SendOutcome> refused = new HashMap<>();
        for (OutboundMessage message : batch) {
            String topic = message.topic();
            if (names.containsKey(topic) || refused.containsKey(topic)) {
                continue;
            }
            String declared = declaredExchanges.get(topic);
            if (declared != null) {
                names.put(topic, declared);
                continue;
            }
            try {
                String exchange = routing.exchange(topic);
                admin.declareExchange(RabbitTopology.exchange(exchange));
                declaredExchanges.put(topic, exchange);
                names.put(topic, exchange);
            }
            catch (IllegalArgumentException ex) {
                refused.put(topic, SendOutcome.permanent(Objects.requireNonNullElse(ex.getMessage(), ex.toString())));
            }
            catch (AmqpException ex) {
                if (!RabbitErrors.isRefusal(ex)) {
                    throw ex;
                }
                refused.put(topic, SendOutcome.permanent("cannot declare the exchange: " + SendOutcome.errorText(ex)));
            }
        }
        return new Exchanges(names, refused);
    }

    private Void publishAll(RabbitOperations operations, List<OutboundMessage> batch, Exchanges exchanges,
            SendDeadline deadline, List<CompletableFuture<SendOutcome>> outcomes) {
        for (OutboundMessage message : batch) {
            SendOutcome skipped = deadline.expired() ? deadline.notSent() : exchanges.refused().get(message.topic());
            outcomes.add(skipped != null ? CompletableFuture.completedFuture(skipped)
                    : publish(operations, message, Objects.requireNonNull(exchanges.names().get(message.topic()),
                            "every topic that was not refused has its exchange")));
        }
        return null;
    }

    private CompletableFuture<SendOutcome> publish(RabbitOperations operations, OutboundMessage message,
            String exchange) {
        // Unique per attempt: the channel matches returns to confirms by this id.
        CorrelationData correlation = new CorrelationData(message.id() + "#" + publishCount.incrementAndGet());
        String routingKey = RabbitRouting.routingKey(routing.partition(message));
        operations.send(exchange, routingKey, amqpMessage(message), correlation);
        return correlation.getFuture().thenApply(confirm -> {
            ReturnedMessage returned = correlation.getReturned();
            if (returned != null) {
                return SendOutcome.permanent("unroutable: " + returned.getReplyCode() + " " + returned.getReplyText()
                        + ", no queue bound to exchange '" + returned.getExchange() + "' with routing key '"
                        + returned.getRoutingKey() + "'");
            }
            if (confirm.ack()) {
                return SendOutcome.confirmed();
            }
            // Also when the channel closed under the message (its exchange was deleted, say): a
            // retry declares the exchange again, and then routing tells for good.
            String reason = confirm.reason();
            return SendOutcome.retryable(reason == null ? "nacked by the broker" : "nacked: " + reason);
        });
    }

    private static Message amqpMessage(OutboundMessage message) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(message.id().toString());
        properties.setType(message.type());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setTimestamp(Date.from(message.publishedAt()));
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        message.allHeaders().forEach(properties::setHeader);
        return new Message(message.payload(), properties);
    }

    /**
     * The exchanges of one batch, fixed before publishing so that a concurrent eviction from the
     * cache cannot leave a message without one.
     *
     * @param names exchange per topic that has one
     * @param refused outcome per topic whose exchange cannot be declared
     */
    private record Exchanges(Map<String, String> names, Map<String, SendOutcome> refused) {
    }
}
