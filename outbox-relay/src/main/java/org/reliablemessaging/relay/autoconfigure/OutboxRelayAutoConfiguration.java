package org.reliablemessaging.relay.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.relay.BacklogStatistics;
import org.reliablemessaging.relay.MicrometerRelayMetrics;
import org.reliablemessaging.relay.OutboxRelay;
import org.reliablemessaging.relay.OutboxRelayHealthIndicator;
import org.reliablemessaging.relay.PostgresCommitListener;
import org.reliablemessaging.relay.RelayMetrics;
import org.reliablemessaging.relay.RelayWakeUp;
import org.reliablemessaging.spi.transport.MessageSender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
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
@ConditionalOnBean({ DataSource.class, OutboxDatabase.class })
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
    BacklogStatistics outboxBacklogStatistics(OutboxDatabase database, ObjectProvider<Clock> clock) {
        return new BacklogStatistics(database, clock.getIfAvailable(Clock::systemUTC), STATS_REFRESH);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(OutboxDatabase database, ObjectProvider<MessageSender> sender, RelayWakeUp wakeUp,
            RelayProperties properties, ObjectProvider<RelayMetrics> metrics, ObjectProvider<Clock> clock) {
        MessageSender transport = sender.getIfUnique(() -> {
            throw new IllegalStateException("The outbox relay needs exactly one MessageSender (a transport): add "
                    + "spring-kafka or spring-rabbit to the classpath and set reliable-messaging.transport, or set "
                    + "reliable-messaging.relay.enabled=false to run the relay elsewhere (the sidecar).");
        });
        return OutboxRelay.create(database, instanceId(), transport, wakeUp,
                properties.toSettings(HOUSEKEEPING_INTERVAL), metrics.getIfAvailable(() -> RelayMetrics.NONE),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** A name that tells operators which process holds a lease: pid@host plus a random suffix. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.postgresql.PGConnection")
    @Conditional(OnListeningForCommits.class)
    PostgresCommitListener postgresCommitListener(OutboxDatabase database, RelayWakeUp wakeUp) {
        return new PostgresCommitListener(database, wakeUp);
    }

    /** Listening is on unless turned off under its name, or under its deprecated name of 0.1.0. */
    static final class OnListeningForCommits extends AllNestedConditions {

        OnListeningForCommits() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBooleanProperty(name = "reliable-messaging.relay.listen-for-commits", matchIfMissing = true)
        static final class Listening {
        }

        @ConditionalOnBooleanProperty(name = "reliable-messaging.relay.listen", matchIfMissing = true)
        static final class ListeningUnderDeprecatedName {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class RelayMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RelayMetrics relayMetrics(MeterRegistry registry, BacklogStatistics backlog) {
            return new MicrometerRelayMetrics(registry, backlog);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class RelayHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "outboxRelayHealthIndicator")
        OutboxRelayHealthIndicator outboxRelayHealthIndicator(BacklogStatistics backlog, RelayProperties properties) {
            return new OutboxRelayHealthIndicator(backlog, properties.getHealth().getMaxPendingAge());
        }
    }
}
