package org.reliablemessaging.rabbit;

import java.time.Duration;

import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Creates the {@link RabbitMessageSource}s of consumer groups, all on one connection factory and with
 * the topology the producers route by.
 */
public final class RabbitMessageSourceFactory implements MessageSourceFactory {

    private final ConnectionFactory connectionFactory;

    private final RabbitRouting routing;

    private final RabbitQueueArguments queueArguments;

    private final Duration shutdownTimeout;

    /**
     * @param connectionFactory a factory without publisher confirms, best one of the transport's own
     *        so that a broker throttling publishers never holds back consumers' acks
     * @param routing the names and partitions, as the producers use them
     * @param queueArguments how the queues of a group are declared
     * @param shutdownTimeout how long {@link RabbitMessageSource#stop()} waits for acknowledgements
     */
    public RabbitMessageSourceFactory(ConnectionFactory connectionFactory, RabbitRouting routing,
            RabbitQueueArguments queueArguments, Duration shutdownTimeout) {
        if (connectionFactory.isPublisherConfirms()) {
            // A confirm channel must not be shared between threads, and acks come from any thread.
            throw new IllegalArgumentException("RabbitMQ consumers need a connection factory without publisher confirms");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout must not be negative, was " + shutdownTimeout);
        }
        this.connectionFactory = connectionFactory;
        this.routing = routing;
        this.queueArguments = queueArguments;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @throws IllegalArgumentException if a topic or the group makes an invalid RabbitMQ name */
    @Override
    public RabbitMessageSource create(Subscription subscription, MessageDispatcher dispatcher) {
        return new RabbitMessageSource(connectionFactory,
                new RabbitGroupDeclarations(connectionFactory, routing, queueArguments, subscription), subscription,
                dispatcher, shutdownTimeout);
    }
}
