package org.reliablemessaging.autoconfigure;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.SslConfigs;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.kafka.KafkaMessageSender;
import org.reliablemessaging.kafka.RelayProducerConfig;
import org.reliablemessaging.spi.MessageSender;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.util.StringUtils;

/**
 * Sends outbox messages to Kafka with a producer of the relay's own, connected like the
 * application's ({@code spring.kafka.*}) and tuned by {@code reliable-messaging.kafka.*}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ KafkaProducer.class, DefaultKafkaProducerFactory.class, KafkaProperties.class })
@ConditionalOnMissingBean(MessageSender.class)
@ConditionalOnTransport(Transport.KAFKA)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class KafkaTransportAutoConfiguration {

    @Bean
    KafkaMessageSender kafkaMessageSender(KafkaProperties kafkaProperties, KafkaConnectionDetails connectionDetails,
            ReliableMessagingProperties properties) {
        Map<String, Object> base = kafkaProperties.buildProducerProperties();
        // Connection details win over properties, as for Boot's own producer factory.
        KafkaConnectionDetails.Configuration producer = connectionDetails.getProducer();
        base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, producer.getBootstrapServers());
        if (StringUtils.hasLength(producer.getSecurityProtocol())) {
            base.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, producer.getSecurityProtocol());
        }
        SslBundle sslBundle = producer.getSslBundle();
        if (sslBundle != null) {
            base.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            base.put(SslBundle.class.getName(), sslBundle);
        }
        ReliableMessagingProperties.Kafka kafka = properties.getKafka();
        return new KafkaMessageSender(RelayProducerConfig.of(base, kafka.getProducer()), kafka.getSendTimeout());
    }
}
