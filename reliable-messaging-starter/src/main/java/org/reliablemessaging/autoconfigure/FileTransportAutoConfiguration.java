package org.reliablemessaging.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties.Transport;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.broker.server.ServerConfig;
import org.reliablemessaging.file.FileBrokerHealthIndicator;
import org.reliablemessaging.file.FileMessageSender;
import org.reliablemessaging.file.FileMessageSourceFactory;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Sends and receives messages through the file broker ({@code reliable-messaging.file.*}): embedded
 * in the application by default, so a service with an embedded database needs nothing installed, or
 * a broker server reached over TCP.
 */
@AutoConfiguration
@ConditionalOnClass(FileBroker.class)
@ConditionalOnTransport(Transport.FILE)
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class FileTransportAutoConfiguration {

    /** Opened (or connected) at start-up, so that a locked directory or a wrong token fails it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(BrokerClient.class)
    BrokerClient fileBrokerClient(ReliableMessagingProperties properties) {
        FileTransportProperties file = properties.getFile();
        FileTransportProperties.Client client = file.getClient();
        return switch (file.getMode()) {
            case EMBEDDED -> FileBroker.open(brokerConfig(file.getEmbedded()));
            case CLIENT -> RemoteBroker.connect(
                    ClientConfig.of(client.getHost(), client.getPort()).withToken(client.getToken()));
        };
    }

    @Bean(destroyMethod = "close")
    @Conditional(OnServerEnabled.class)
    BrokerServer fileBrokerServer(BrokerClient fileBrokerClient, ReliableMessagingProperties properties) {
        if (!(fileBrokerClient instanceof FileBroker broker)) {
            throw new IllegalStateException("reliable-messaging.file.embedded.server.enabled=true serves the embedded"
                    + " broker, but reliable-messaging.file.mode is client: set mode=embedded or disable the server");
        }
        EmbeddedFileBrokerProperties.Server server = properties.getFile().getEmbedded().getServer();
        ServerConfig config;
        try {
            config = ServerConfig.defaults()
                .withAddress(server.getBindAddress(), server.getPort())
                .withToken(server.getToken());
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("reliable-messaging.file.embedded.server: " + ex.getMessage()
                    + " (reliable-messaging.file.embedded.server.token, .bind-address)", ex);
        }
        try {
            return BrokerServer.start(broker, config);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot serve the file broker on " + config.bindAddress().getHostAddress()
                    + ":" + config.port() + "; is the port taken? (reliable-messaging.file.embedded.server.port)", ex);
        }
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

    static BrokerConfig brokerConfig(EmbeddedFileBrokerProperties embedded) {
        DataSize retentionSize = embedded.getRetentionSize();
        return BrokerConfig.defaults(embedded.getDirectory())
            .withDurability(durability(embedded))
            .withDefaultPartitions(embedded.getPartitions())
            .withSegmentBytes(embedded.getSegmentSize().toBytes())
            .withMaxRecordBytes(Math.toIntExact(embedded.getMaxRecordSize().toBytes()))
            .withRetention(embedded.getRetention(), retentionSize == null ? 0 : retentionSize.toBytes());
    }

    private static Durability durability(EmbeddedFileBrokerProperties embedded) {
        return switch (embedded.getDurability()) {
            case SYNC -> Durability.sync();
            case INTERVAL -> Durability.interval(embedded.getForceInterval());
            case NONE -> Durability.none();
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class FileBrokerHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "fileBrokerHealthIndicator")
        FileBrokerHealthIndicator fileBrokerHealthIndicator(BrokerClient fileBrokerClient,
                ReliableMessagingProperties properties) {
            FileTransportProperties file = properties.getFile();
            String where = switch (file.getMode()) {
                case EMBEDDED -> "embedded in " + file.getEmbedded().getDirectory().toAbsolutePath();
                case CLIENT -> "client of " + file.getClient().getHost() + ":" + file.getClient().getPort();
            };
            return new FileBrokerHealthIndicator(fileBrokerClient, where);
        }
    }

    /** The server is enabled under its name, or under its deprecated name of 0.1.0. */
    static final class OnServerEnabled extends AnyNestedCondition {

        OnServerEnabled() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "reliable-messaging.file.embedded.server.enabled", havingValue = "true")
        static final class Enabled {
        }

        @ConditionalOnProperty(name = "reliable-messaging.file.server.enabled", havingValue = "true")
        static final class EnabledUnderDeprecatedName {
        }
    }
}
