package org.reliablemessaging.relay.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxSchemaInitializer;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.relay.BatchResolver;
import org.reliablemessaging.relay.MicrometerRelayMetrics;
import org.reliablemessaging.relay.OutboxRelay;
import org.reliablemessaging.relay.OutboxRelayHealthIndicator;
import org.reliablemessaging.relay.PendingMessages;
import org.reliablemessaging.relay.RelayHousekeeping;
import org.reliablemessaging.relay.RelayMetrics;
import org.reliablemessaging.relay.RelayProperties;
import org.reliablemessaging.relay.RelaySettings;
import org.reliablemessaging.relay.RelayWakeUp;
import org.reliablemessaging.relay.jdbc.IdleKeyCleaner;
import org.reliablemessaging.relay.jdbc.PostgresCommitListener;
import org.reliablemessaging.relay.jdbc.RelayOutboxStore;
import org.reliablemessaging.relay.jdbc.ShardLeases;
import org.reliablemessaging.spi.transport.MessageSender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Auto-configuration of the in-process outbox relay: on whenever this module is on the classpath
 * next to an outbox, unless {@code reliable-messaging.relay.enabled=false}.
 */
@AutoConfiguration(after = ReliableMessagingAutoConfiguration.class,
        afterName = { "org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration",
                "org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBean({ DataSource.class, OutboxTables.class })
@ConditionalOnBooleanProperty(name = "reliable-messaging.relay.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RelayProperties.class)
public final class OutboxRelayAutoConfiguration {

    private static final Duration STATS_REFRESH = Duration.ofSeconds(10);

    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofMinutes(1);

    @Bean
    @ConditionalOnMissingBean
    RelayWakeUp relayWakeUp() {
        return new RelayWakeUp();
    }

    @Bean
    @ConditionalOnMissingBean
    RelayOutboxStore relayOutboxStore(DataSource dataSource, OutboxDialect dialect, OutboxTables tables,
            RelayProperties properties) {
        return new RelayOutboxStore(dataSource, dialect, tables, properties.getRetention(),
                properties.isHoldKeyAfterDead());
    }

    @Bean
    @ConditionalOnMissingBean
    PendingMessages pendingOutboxMessages(RelayOutboxStore store, ObjectProvider<Clock> clock) {
        return new PendingMessages(store, clock.getIfAvailable(Clock::systemUTC), STATS_REFRESH);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(DataSource dataSource, OutboxDialect dialect, OutboxTables tables, RelayOutboxStore store,
            ObjectProvider<MessageSender> sender, RelayWakeUp wakeUp, RelayProperties properties,
            ObjectProvider<RelayMetrics> metrics, ObjectProvider<OutboxSchemaInitializer> schema,
            ObjectProvider<Clock> clock) {
        schema.ifAvailable(initialized -> {
        });
        MessageSender transport = sender.getIfUnique(() -> {
            throw new IllegalStateException("The outbox relay needs exactly one MessageSender (a transport): add "
                    + "spring-kafka or spring-rabbit to the classpath and set reliable-messaging.transport, or set "
                    + "reliable-messaging.relay.enabled=false to run the relay elsewhere (the sidecar).");
        });
        BatchResolver resolver = new BatchResolver(properties.getMaxAttempts(), properties.getBackoff().toBackOff(),
                properties.isHoldKeyAfterDead());
        RelaySettings settings = new RelaySettings(properties.getBatchSize(), properties.getPollInterval(),
                properties.getSendTimeout(), properties.getLeaseTtl());
        RelayHousekeeping housekeeping = new RelayHousekeeping(store,
                new IdleKeyCleaner(dataSource, dialect, tables, properties.getKeyCleanup().getBatchSize()),
                new RelayHousekeeping.Settings(HOUSEKEEPING_INTERVAL, properties.getRetention(),
                        properties.getDeadRetention(), properties.getKeyCleanup().getIdle()));
        ShardLeases leases = new ShardLeases(dataSource, dialect, tables, instanceId(), properties.getShards(),
                properties.getLeaseTtl());
        return new OutboxRelay(store, leases, transport, resolver, wakeUp, settings, housekeeping,
                metrics.getIfAvailable(() -> RelayMetrics.NONE), clock.getIfAvailable(Clock::systemUTC));
    }

    /** A name that tells operators which process holds a lease: pid@host plus a random suffix. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.postgresql.PGConnection")
    @ConditionalOnBooleanProperty(name = "reliable-messaging.relay.listen", matchIfMissing = true)
    PostgresCommitListener postgresCommitListener(DataSource dataSource, OutboxDialect dialect, OutboxTables tables,
            RelayWakeUp wakeUp) {
        return new PostgresCommitListener(dataSource, dialect, tables.notifyChannel(), wakeUp);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class RelayMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RelayMetrics relayMetrics(MeterRegistry registry, PendingMessages pending) {
            return new MicrometerRelayMetrics(registry, pending);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class RelayHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "outboxRelayHealthIndicator")
        OutboxRelayHealthIndicator outboxRelayHealthIndicator(PendingMessages pending, RelayProperties properties) {
            return new OutboxRelayHealthIndicator(pending, properties.getHealth().getMaxPendingAge());
        }
    }
}
