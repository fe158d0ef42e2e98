package org.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.CacheMode;
import org.springframework.amqp.rabbit.connection.RabbitConnectionFactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.CachingConnectionFactoryConfigurer;
import org.springframework.boot.amqp.autoconfigure.ConnectionFactoryCustomizer;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionFactoryBeanConfigurer;
import org.springframework.boot.ssl.SslBundle;

/**
 * Builds connection factories of the transport's own, configured from {@code spring.rabbitmq.*} as
 * Boot configures the application's, so that the transport's needs never change how the
 * application's factory behaves.
 */
final class RabbitConnectionFactories {

    /** Unless spring.rabbitmq.connection-timeout is set: the client's 60 s would stall the relay. */
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private RabbitConnectionFactories() {
    }

    /**
     * A factory like Boot's, caching channels on one connection named {@code connectionName}.
     * @param connectionDetails where to connect and with which credentials and SSL bundle
     * @param rabbitConfigurer applies {@code spring.rabbitmq.*} to the client's factory
     * @param cachingConfigurer applies {@code spring.rabbitmq.cache.*} and the like
     * @param customizers the application's customizers of the client's factory
     * @param connectionName the name the broker shows for the connection
     * @throws Exception if the client's factory cannot be set up (an SSL bundle that fails, say)
     */
    static CachingConnectionFactory create(RabbitConnectionDetails connectionDetails,
            RabbitConnectionFactoryBeanConfigurer rabbitConfigurer, CachingConnectionFactoryConfigurer cachingConfigurer,
            ObjectProvider<ConnectionFactoryCustomizer> customizers, String connectionName) throws Exception {
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
        // Declarations are redone on each new connection through connection listeners, which
        // CONNECTION mode does not support.
        connectionFactory.setCacheMode(CacheMode.CHANNEL);
        connectionFactory.setConnectionNameStrategy(factory -> connectionName);
        return connectionFactory;
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
