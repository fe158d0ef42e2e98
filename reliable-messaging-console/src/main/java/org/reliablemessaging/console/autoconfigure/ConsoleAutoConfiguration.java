package org.reliablemessaging.console.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.PageLimits;
import org.reliablemessaging.console.audit.AuditLog;
import org.reliablemessaging.console.deadletter.DeadLetterActions;
import org.reliablemessaging.console.deadletter.DeadLetterReads;
import org.reliablemessaging.console.deadletter.FailureGroupBackfill;
import org.reliablemessaging.console.listener.HeldKeyOperations;
import org.reliablemessaging.console.metrics.ConsoleGauges;
import org.reliablemessaging.console.outbox.OutboxActions;
import org.reliablemessaging.console.outbox.OutboxReads;
import org.reliablemessaging.console.outbox.RangeReplay;
import org.reliablemessaging.console.web.AuditController;
import org.reliablemessaging.console.web.ConsoleProblems;
import org.reliablemessaging.console.web.ConsoleSecurity;
import org.reliablemessaging.console.web.ConsoleSettings;
import org.reliablemessaging.console.web.DeadLetterController;
import org.reliablemessaging.console.web.ListenerController;
import org.reliablemessaging.console.web.MeController;
import org.reliablemessaging.console.web.OutboxController;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Auto-configuration of the operations API: with an outbox database, its gauges (with Micrometer),
 * and, once {@code reliable-messaging.console.enabled=true} in a servlet web application, the API
 * under {@code reliable-messaging.console.path}.
 */
@AutoConfiguration(after = { ReliableMessagingAutoConfiguration.class, DeadLetterAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(OutboxDatabase.class)
@EnableConfigurationProperties(ConsoleProperties.class)
public final class ConsoleAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConsoleDatabase reliableMessagingConsoleDatabase(OutboxDatabase database, ObjectProvider<Clock> clock) {
        return new ConsoleDatabase(database, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    AuditLog reliableMessagingAuditLog(ConsoleDatabase db) {
        return new AuditLog(db);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxReads reliableMessagingOutboxReads(ConsoleDatabase db, ConsoleProperties properties, Environment environment) {
        return new OutboxReads(db, relayDuration(environment, "lease-ttl", Duration.ofSeconds(15)),
                properties.getPayload(), properties.getDefaultPayload());
    }

    @Bean
    @ConditionalOnMissingBean
    HeldKeyOperations reliableMessagingHeldKeys(ConsoleDatabase db, AuditLog audit) {
        return new HeldKeyOperations(db, audit);
    }

    /** The relay's settings, read here because the relay may run elsewhere (a sidecar) with the same values. */
    static Duration relayDuration(Environment environment, String name, Duration otherwise) {
        return environment.getProperty("reliable-messaging.relay." + name, Duration.class, otherwise);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnBooleanProperty(name = "reliable-messaging.console.metrics.enabled", matchIfMissing = true)
    static class GaugesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ConsoleGauges reliableMessagingConsoleGauges(ConsoleDatabase db, OutboxReads outbox, HeldKeyOperations heldKeys,
                MeterRegistry registry, ConsoleProperties properties) {
            return new ConsoleGauges(db, outbox, heldKeys, registry, properties.getMetrics().getRefresh());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("reliable-messaging.console.enabled")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnBean(DeadLetters.class)
    static class ApiConfiguration {

        @Bean
        ConsoleSettings reliableMessagingConsoleSettings(ConsoleProperties properties) {
            return new ConsoleSettings(new PageLimits(properties.getDefaultPageSize(), properties.getMaxPageSize()),
                    properties.isAllowAnonymousWrites(), properties.getEdit().isEnabled());
        }

        @Bean
        DeadLetterReads reliableMessagingDeadLetterReads(ConsoleDatabase db, AuditLog audit,
                ConsoleProperties properties) {
            return new DeadLetterReads(db, audit, properties.getPayload(), properties.getDefaultPayload());
        }

        @Bean
        DeadLetterActions reliableMessagingDeadLetterActions(ConsoleDatabase db, DeadLetters deadLetters,
                AuditLog audit, ConsoleProperties properties) {
            return new DeadLetterActions(db, deadLetters, audit, properties.getBatchSize());
        }

        @Bean
        OutboxActions reliableMessagingOutboxActions(ConsoleDatabase db, OutboxReads reads, AuditLog audit,
                ConsoleProperties properties) {
            return new OutboxActions(db, reads, audit, properties.getBatchSize());
        }

        @Bean
        RangeReplay reliableMessagingRangeReplay(ConsoleDatabase db, AuditLog audit, ConsoleProperties properties,
                Environment environment) {
            return new RangeReplay(db, audit, relayDuration(environment, "retention", Duration.ZERO),
                    properties.getBatchSize());
        }

        /** Fingerprints letters stored before failure groups existed, in the background: there may be many. */
        @Bean
        FailureGroupBackfill reliableMessagingFailureGroupBackfill(ConsoleDatabase db) {
            FailureGroupBackfill backfill = new FailureGroupBackfill(db);
            Thread.ofPlatform().name("rm-console-backfill").daemon().start(backfill::runLogged);
            return backfill;
        }

        @Bean
        MeController reliableMessagingMeController(ObjectProvider<ConsoleSecurity> security, ConsoleSettings settings) {
            return new MeController(security(security, settings), settings);
        }

        @Bean
        DeadLetterController reliableMessagingDeadLetterController(DeadLetterReads reads, DeadLetterActions actions,
                ObjectProvider<ConsoleSecurity> security, ConsoleSettings settings) {
            return new DeadLetterController(reads, actions, security(security, settings), settings);
        }

        @Bean
        OutboxController reliableMessagingOutboxController(OutboxReads reads, OutboxActions actions, RangeReplay replay,
                ObjectProvider<ConsoleSecurity> security, ConsoleSettings settings) {
            return new OutboxController(reads, actions, replay, security(security, settings), settings);
        }

        @Bean
        ListenerController reliableMessagingListenerController(HeldKeyOperations heldKeys,
                ObjectProvider<ConsoleSecurity> security, ConsoleSettings settings) {
            return new ListenerController(heldKeys, security(security, settings), settings);
        }

        @Bean
        AuditController reliableMessagingAuditController(AuditLog audit, ConsoleSettings settings) {
            return new AuditController(audit, settings);
        }

        @Bean
        ConsoleProblems reliableMessagingConsoleProblems() {
            return new ConsoleProblems();
        }

        private static ConsoleSecurity security(ObjectProvider<ConsoleSecurity> security, ConsoleSettings settings) {
            return security.getIfAvailable(() -> ConsoleSecurity.none(settings.allowAnonymousWrites()));
        }
    }
}
