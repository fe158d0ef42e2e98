package org.reliablemessaging.autoconfigure;

import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.rabbit.RabbitMessageSender;
import org.reliablemessaging.rabbit.RabbitMessageSourceFactory;
import org.reliablemessaging.rabbit.RabbitQueueArguments;
import org.reliablemessaging.rabbit.RabbitRouting;
import org.reliablemessaging.rabbit.RabbitTopology;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sends outbox messages to RabbitMQ and declares the consumer-group queues of
 * {@code reliable-messaging.rabbit.topology}, and consumes consumer groups' queues for listeners.
 *
 * <p>Sending and consuming each have a connection factory of their own, built like Boot's from
 * {@code spring.rabbitmq.*}. The sender needs correlated confirms and returns: switching those on
 * in the application's factory would change how its own templates behave. Consumers stay off the
 * sender's connection, because the broker blocks a whole connection when it throttles publishers,
 * and acks must get through then. Both factories and the admin are no default candidates, so the
 * application's injection points and Boot's single-candidate conditions keep seeing only the
 * application's.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
@ConditionalOnClass({ RabbitTemplate.class, Channel.class, RabbitProperties.class })
@ConditionalOnTransport(Transport.RABBIT)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class RabbitTransportAutoConfiguration {

    static final String CONNECTION_FACTORY = "reliableMessagingRabbitConnectionFactory";

    static final String LISTENER_CONNECTION_FACTORY = "reliableMessagingRabbitListenerConnectionFactory";

    static final String ADMIN = "reliableMessagingRabbitAdmin";

    /** Builds something from the settings, failing start-up with a message that names them. */
    private static <T> T validated(Supplier<T> fromSettings) {
        try {
            return fromSettings.get();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Invalid reliable-messaging.rabbit settings: " + ex.getMessage(), ex);
        }
    }

    private static RabbitRouting routing(ReliableMessagingProperties.Rabbit rabbit) {
        return validated(() -> new RabbitRouting(rabbit.getExchangePrefix(), rabbit.getPartitions()));
    }

    private static RabbitQueueArguments queueArguments(ReliableMessagingProperties.Rabbit rabbit) {
        return validated(() -> new RabbitQueueArguments(rabbit.getQueueType(),
                rabbit.isDeclareDeliveryLimit() ? rabbit.getDeliveryLimit() : null));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(MessageSender.class)
    static class Sending {

        @Bean(name = CONNECTION_FACTORY, defaultCandidate = false)
        CachingConnectionFactory reliableMessagingRabbitConnectionFactory(RabbitConnectionDetails connectionDetails,
                RabbitConnectionFactoryBeanConfigurer rabbitConfigurer,
                CachingConnectionFactoryConfigurer cachingConfigurer,
                ObjectProvider<ConnectionFactoryCustomizer> customizers) throws Exception {
            CachingConnectionFactory connectionFactory = RabbitConnectionFactories.create(connectionDetails,
                    rabbitConfigurer, cachingConfigurer, customizers, "reliable-messaging-relay");
            connectionFactory.setPublisherConfirmType(ConfirmType.CORRELATED);
            connectionFactory.setPublisherReturns(true);
            return connectionFactory;
        }

        @Bean(name = ADMIN, defaultCandidate = false)
        RabbitAdmin reliableMessagingRabbitAdmin(
                @Qualifier(CONNECTION_FACTORY) CachingConnectionFactory connectionFactory) {
            RabbitAdmin admin = new RabbitAdmin(connectionFactory);
            // Declare only the relay's topology on the relay's connection, never the application's
            // declarables (an exclusive queue, say, would end up owned by the wrong connection).
            admin.setExplicitDeclarationsOnly(true);
            admin.setRedeclareManualDeclarations(true);
            return admin;
        }

        @Bean
        Declarables reliableMessagingRabbitTopology(ReliableMessagingProperties properties) {
            ReliableMessagingProperties.Rabbit rabbit = properties.getRabbit();
            return validated(() -> RabbitTopology.declarables(routing(rabbit), queueArguments(rabbit),
                    rabbit.getTopology(), ADMIN));
        }

        @Bean
        RabbitMessageSender rabbitMessageSender(
                @Qualifier(CONNECTION_FACTORY) CachingConnectionFactory connectionFactory,
                @Qualifier(ADMIN) RabbitAdmin admin, ReliableMessagingProperties properties) {
            ReliableMessagingProperties.Rabbit rabbit = properties.getRabbit();
            return new RabbitMessageSender(connectionFactory, admin, routing(rabbit), rabbit.getSendTimeout());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(MessageSourceFactory.class)
    static class Consuming {

        @Bean(name = LISTENER_CONNECTION_FACTORY, defaultCandidate = false)
        CachingConnectionFactory reliableMessagingRabbitListenerConnectionFactory(
                RabbitConnectionDetails connectionDetails, RabbitConnectionFactoryBeanConfigurer rabbitConfigurer,
                CachingConnectionFactoryConfigurer cachingConfigurer,
                ObjectProvider<ConnectionFactoryCustomizer> customizers) throws Exception {
            CachingConnectionFactory connectionFactory = RabbitConnectionFactories.create(connectionDetails,
                    rabbitConfigurer, cachingConfigurer, customizers, "reliable-messaging-listener");
            // Each queue's consumer holds a channel for as long as it runs: a checkout limit would
            // turn the channel cache size into a cap on the number of queues.
            connectionFactory.setChannelCheckoutTimeout(0);
            return connectionFactory;
        }

        @Bean
        RabbitMessageSourceFactory rabbitMessageSourceFactory(
                @Qualifier(LISTENER_CONNECTION_FACTORY) CachingConnectionFactory connectionFactory,
                ReliableMessagingProperties properties) {
            ReliableMessagingProperties.Rabbit rabbit = properties.getRabbit();
            return new RabbitMessageSourceFactory(connectionFactory, routing(rabbit),
                    queueArguments(rabbit), properties.getListener().getShutdownTimeout());
        }
    }
}
