package org.reliablemessaging.autoconfigure;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.FileBroker;
import org.reliablemessaging.file.FileMessageSender;
import org.reliablemessaging.file.FileMessageSourceFactory;
import org.reliablemessaging.spi.MessageSender;
import org.reliablemessaging.spi.MessageSourceFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.unit.DataSize;

/**
 * Sends and receives messages through the file broker ({@code reliable-messaging.file.*}): embedded
 * in the application by default, so a service with an embedded database needs nothing installed.
 */
@AutoConfiguration
@ConditionalOnClass(FileBroker.class)
@ConditionalOnTransport(Transport.FILE)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class FileTransportAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(BrokerClient.class)
    BrokerClient fileBrokerClient(ReliableMessagingProperties properties) {
        return FileBroker.open(brokerConfig(properties.getFile()));
    }

    @Bean
    @ConditionalOnMissingBean(MessageSender.class)
    FileMessageSender fileMessageSender(BrokerClient fileBrokerClient, ReliableMessagingProperties properties) {
        return new FileMessageSender(fileBrokerClient, properties.getFile().getSendTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(MessageSourceFactory.class)
    FileMessageSourceFactory fileMessageSourceFactory(BrokerClient fileBrokerClient,
            ReliableMessagingProperties properties) {
        return new FileMessageSourceFactory(fileBrokerClient, properties.getFile().getRevocationTimeout(),
                properties.getListener().getShutdownTimeout());
    }

    static BrokerConfig brokerConfig(FileTransportProperties file) {
        DataSize retentionSize = file.getRetentionSize();
        return BrokerConfig.defaults(file.getDirectory())
            .withDurability(Durability.parse(file.getDurability()))
            .withDefaultPartitions(file.getPartitions())
            .withSegmentBytes(file.getSegmentSize().toBytes())
            .withMaxRecordBytes(Math.toIntExact(file.getMaxRecordSize().toBytes()))
            .withRetention(file.getRetention(), retentionSize == null ? 0 : retentionSize.toBytes());
    }
}
