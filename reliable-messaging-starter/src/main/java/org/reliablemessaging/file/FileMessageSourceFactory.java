package org.reliablemessaging.file;

import java.time.Duration;

import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;

/**
 * Creates a {@link FileMessageSource} per subscription, all on one broker client.
 *
 * @param broker the broker, embedded or remote, which the sources do not close
 * @param revocationTimeout longest wait for the messages in flight of revoked partitions
 * @param shutdownTimeout longest wait for the messages in flight when a source stops
 */
public record FileMessageSourceFactory(BrokerClient broker, Duration revocationTimeout, Duration shutdownTimeout)
        implements MessageSourceFactory {

    @Override
    public MessageSource create(Subscription subscription, MessageDispatcher dispatcher) {
        return new FileMessageSource(broker, subscription, dispatcher, revocationTimeout, shutdownTimeout);
    }
}
