package org.reliablemessaging.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.SslConfigs;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.kafka.KafkaListenerLag;
import org.reliablemessaging.kafka.KafkaMessageSender;
import org.reliablemessaging.kafka.KafkaMessageSourceFactory;
import org.reliablemessaging.kafka.PartitionAssignmentListener;
import org.reliablemessaging.kafka.RelayProducerConfig;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.util.StringUtils;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends outbox messages to Kafka with a producer of the relay's own, and receives them for reliable
 * listeners with consumers of their own, all connected like the application's ({@code spring.kafka.*})
 * and tuned by {@code reliable-messaging.kafka.*}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ KafkaProducer.class, DefaultKafkaProducerFactory.class, KafkaProperties.class })
@ConditionalOnTransport(Transport.KAFKA)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class KafkaTransportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(MessageSender.class)
    KafkaMessageSender kafkaMessageSender(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails,
            ReliableMessagingProperties properties) {
        Map<String, Object> base = connect(kafkaProperties.buildProducerProperties(), connectionDetails.getProducer());
        ReliableMessagingProperties.Kafka kafka = properties.getKafka();
        return new KafkaMessageSender(
                RelayProducerConfig.of(base, kafka.getProducerProperties(), kafka.getSendTimeout()),
                kafka.getSendTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(MessageSourceFactory.class)
    KafkaMessageSourceFactory kafkaMessageSourceFactory(KafkaProperties kafkaProperties,
            KafkaConnectionDetails connectionDetails, ReliableMessagingProperties properties,
            ObjectProvider<PartitionAssignmentListener> assignments) {
        return new KafkaMessageSourceFactory(
                connect(kafkaProperties.buildConsumerProperties(), connectionDetails.getConsumer()),
                properties.getKafka().getRevocationTimeout(), properties.getListener().getShutdownTimeout(),
                assignments.getIfUnique(() -> PartitionAssignmentListener.NONE));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class ListenerLagConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KafkaListenerLag kafkaListenerLag(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails,
                ReliableMessagingProperties properties, MeterRegistry registry) {
            return new KafkaListenerLag(connect(kafkaProperties.buildAdminProperties(), connectionDetails.getAdmin()),
                    registry, properties.getKafka().getLagInterval());
        }
    }

    /** Connection details win over properties, as for Boot's own client factories. */
    private static Map<String, Object> connect(Map<String, Object> config,
            KafkaConnectionDetails.Configuration connection) {
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        if (StringUtils.hasLength(connection.getSecurityProtocol())) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
        }
        SslBundle sslBundle = connection.getSslBundle();
        if (sslBundle != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), sslBundle);
        }
        return config;
    }
}
