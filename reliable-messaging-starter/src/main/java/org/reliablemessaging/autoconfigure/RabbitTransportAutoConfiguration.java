package org.reliablemessaging.autoconfigure;

import java.time.Duration;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.rabbit.RabbitMessageSender;
import org.reliablemessaging.rabbit.RabbitRouting;
import org.reliablemessaging.rabbit.RabbitTopology;
import org.reliablemessaging.spi.MessageSender;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.CacheMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
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
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;

/**
 * Sends outbox messages to RabbitMQ over a connection of the relay's own, and declares the
 * consumer-group queues of {@code reliable-messaging.rabbit.topology}.
 *
 * <p>The connection factory is a separate one, built like Boot's from {@code spring.rabbitmq.*},
 * because the sender needs correlated confirms and returns: switching those on in the
 * application's factory would change how its own templates behave. It and the admin are no
 * default candidates, so the application's injection points and Boot's single-candidate
 * conditions keep seeing only the application's.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class)
@ConditionalOnClass({ RabbitTemplate.class, Channel.class, RabbitProperties.class })
@ConditionalOnMissingBean(MessageSender.class)
@ConditionalOnTransport(Transport.RABBIT)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class RabbitTransportAutoConfiguration {

    static final String CONNECTION_FACTORY = "reliableMessagingRabbitConnectionFactory";

    static final String ADMIN = "reliableMessagingRabbitAdmin";

    /** Unless spring.rabbitmq.connection-timeout is set: the client's 60 s would stall the relay. */
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    @Bean(name = CONNECTION_FACTORY, defaultCandidate = false)
    CachingConnectionFactory reliableMessagingRabbitConnectionFactory(RabbitConnectionDetails connectionDetails,
            RabbitConnectionFactoryBeanConfigurer rabbitConfigurer, CachingConnectionFactoryConfigurer cachingConfigurer,
            ObjectProvider<ConnectionFactoryCustomizer> customizers) throws Exception {
        RabbitConnectionFactoryBean clientFactoryBean = new SslBundleConnectionFactoryBean(
                connectionDetails.getSslBundle());
        // Set first: the configurer replaces it only when spring.rabbitmq.connection-timeout is set.
        clientFactoryBean.setConnectionTimeout((int) DEFAULT_CONNECTION_TIMEOUT.toMillis());
        rabbitConfigurer.configure(clientFactoryBean);
        clientFactoryBean.afterPropertiesSet();
        com.rabbitmq.client.ConnectionFactory clientFactory = clientFactoryBean.getObject();
        customizers.orderedStream().forEach(customizer -> customizer.customize(clientFactory));
        CachingConnectionFactory connectionFactory = new CachingConnectionFactory(clientFactory);
        cachingConfigurer.configure(connectionFactory);
        connectionFactory.setPublisherConfirmType(ConfirmType.CORRELATED);
        connectionFactory.setPublisherReturns(true);
        // The admin re-declares the topology on each new connection, which CONNECTION mode lacks.
        connectionFactory.setCacheMode(CacheMode.CHANNEL);
        connectionFactory.setConnectionNameStrategy(factory -> "reliable-messaging-relay");
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
        return validated(() -> RabbitTopology.declarables(properties.getRabbit(), ADMIN));
    }

    @Bean
    RabbitMessageSender rabbitMessageSender(@Qualifier(CONNECTION_FACTORY) CachingConnectionFactory connectionFactory,
            @Qualifier(ADMIN) RabbitAdmin admin, ReliableMessagingProperties properties) {
        ReliableMessagingProperties.Rabbit rabbit = properties.getRabbit();
        RabbitRouting routing = validated(() -> new RabbitRouting(rabbit.getExchangePrefix(), rabbit.getPartitions()));
        return new RabbitMessageSender(connectionFactory, admin, routing, rabbit.getConfirmTimeout());
    }

    /** Builds something from the settings, failing start-up with a message that names them. */
    private static <T> T validated(Supplier<T> fromSettings) {
        try {
            return fromSettings.get();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Invalid reliable-messaging.rabbit settings: " + ex.getMessage(), ex);
        }
    }

    /** Applies an SSL bundle of the connection details, as Boot does for its own factory. */
    private static final class SslBundleConnectionFactoryBean extends RabbitConnectionFactoryBean {

        private final @Nullable SslBundle sslBundle;

        SslBundleConnectionFactoryBean(@Nullable SslBundle sslBundle) {
            this.sslBundle = sslBundle;
        }

        @Override
        protected void setUpSSL() {
            if (sslBundle == null) {
                super.setUpSSL();
                return;
            }
            connectionFactory.useSslProtocol(sslBundle.createSslContext());
            connectionFactory.enableHostnameVerification();
        }
    }
}
