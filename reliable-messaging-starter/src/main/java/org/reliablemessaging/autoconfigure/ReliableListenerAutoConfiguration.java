package org.reliablemessaging.autoconfigure;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.actuate.ListenerGroupsHealthContributor;
import org.reliablemessaging.listener.HandlerObservations;
import org.reliablemessaging.listener.IdempotencyGuards;
import org.reliablemessaging.listener.ListenerContainers;
import org.reliablemessaging.listener.ListenerMetrics;
import org.reliablemessaging.listener.ListenerOutcomes;
import org.reliablemessaging.listener.MicrometerListenerMetrics;
import org.reliablemessaging.listener.ReliableListenerPostProcessor;
import org.reliablemessaging.observation.ListenerObservationConvention;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.ListenerOutcomeListener;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of {@link ReliableListener} methods: finds them, and runs each on its
 * transport with ordering, retries, idempotency and dead letters.
 */
@AutoConfiguration(after = { ReliableMessagingAutoConfiguration.class, KafkaTransportAutoConfiguration.class,
        RabbitTransportAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@EnableConfigurationProperties(ReliableMessagingProperties.class)
public final class ReliableListenerAutoConfiguration {

    /** The name of the guard that records processed messages in the database, which listeners look up. */
    public static final String DATABASE_GUARD_BEAN_NAME = "jdbcIdempotencyGuard";

    /** The name of the guard that records processed messages in Redis, which listeners look up. */
    public static final String REDIS_GUARD_BEAN_NAME = "redisIdempotencyGuard";

    /**
     * The store of listeners declared with {@code DEFAULT}. The property belongs to the idempotency-guard
     * module, which documents it; it is read here so that a store chosen without that module fails start-up.
     */
    static final String STORE_PROPERTY = "reliable-messaging.idempotency.store";

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ReliableListenerPostProcessor reliableListenerPostProcessor(
            ObjectProvider<ReliableMessagingProperties> properties) {
        return new ReliableListenerPostProcessor(() -> properties.getObject().getListener().toSettings());
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerContainers reliableListenerContainers(ReliableListenerPostProcessor endpoints,
            ObjectProvider<MessageSourceFactory> sources, ObjectProvider<DeadLetterHandler> deadLetters,
            BeanFactory beanFactory, Environment environment, ObjectProvider<JsonMapper> json,
            ReliableMessagingProperties properties, ObjectProvider<ListenerMetrics.Factory> metrics,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<ListenerObservationConvention> observationConvention, ObjectProvider<HeldKeys> heldKeys,
            ObjectProvider<ListenerOutcomeListener> outcomeListeners, ObjectProvider<Clock> clock) {
        Idempotency configured = Binder.get(environment).bind(STORE_PROPERTY, Idempotency.class).orElse(null);
        return new ListenerContainers(endpoints, sources, deadLetters,
                new IdempotencyGuards(configured, store -> guard(beanFactory, store)),
                json.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()),
                properties.getListener().toSettings(), metrics.getIfAvailable(() -> ListenerMetrics.Factory.NONE),
                new HandlerObservations(observations.getIfUnique(() -> ObservationRegistry.NOOP),
                        observationConvention.getIfUnique()),
                heldKeys.getIfUnique(() -> HeldKeys.NONE),
                new ListenerOutcomes(outcomeListeners.orderedStream().toList()), clock.getIfAvailable(Clock::systemUTC));
    }

    /** The guard of {@code store}, looked up by name: its module may be missing, or the application may replace it. */
    private static @Nullable IdempotencyGuard guard(BeanFactory beanFactory, Idempotency store) {
        String name = store == Idempotency.REDIS ? REDIS_GUARD_BEAN_NAME : DATABASE_GUARD_BEAN_NAME;
        return beanFactory.containsBean(name) ? beanFactory.getBean(name, IdempotencyGuard.class) : null;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class ListenerMetricsConfiguration {

        @Bean
        ListenerMetrics.Factory reliableListenerMetrics(MeterRegistry registry) {
            return (topic, group, inFlight) -> new MicrometerListenerMetrics(registry, topic, group, inFlight);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.CompositeHealthContributor")
    static class ListenerHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "reliableListenersHealthContributor")
        ListenerGroupsHealthContributor reliableListenersHealthContributor(ListenerContainers containers,
                ReliableMessagingProperties properties, ObjectProvider<Clock> clock) {
            return new ListenerGroupsHealthContributor(containers, properties.getListener().getHealthMaxDeferral(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
