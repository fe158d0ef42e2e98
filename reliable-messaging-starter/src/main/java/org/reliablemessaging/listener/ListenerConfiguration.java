package org.reliablemessaging.listener;

import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.observation.ListenerObservationConvention;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * The beans behind {@code @ReliableListener}, imported by the auto-configuration; in this package so
 * the listener machinery can stay package-private.
 */
@Configuration(proxyBeanMethods = false)
public class ListenerConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ReliableListenerPostProcessor reliableListenerPostProcessor(
            ObjectProvider<ReliableMessagingProperties> properties) {
        return new ReliableListenerPostProcessor(() -> new ListenerEndpointFactory(properties.getObject().getListener()));
    }

    @Bean
    @ConditionalOnMissingBean
    ListenerContainers reliableListenerContainers(ReliableListenerPostProcessor endpoints,
            ObjectProvider<MessageSourceFactory> sources, ObjectProvider<DeadLetterHandler> deadLetters,
            BeanFactory beanFactory, ObjectProvider<JsonMapper> json, ReliableMessagingProperties properties,
            ObjectProvider<ListenerMetricsFactory> metrics, ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<ListenerObservationConvention> observationConvention, ObjectProvider<HeldKeys> heldKeys,
            ObjectProvider<Clock> clock) {
        ListenerMetricsFactory metricsFactory = metrics.getIfAvailable(() -> (endpoint, inFlight) -> ListenerMetrics.NONE);
        return new ListenerContainers(endpoints, sources, deadLetters, beanFactory,
                json.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build()), properties, metricsFactory,
                new HandlerObservations(observations.getIfUnique(() -> ObservationRegistry.NOOP),
                        observationConvention.getIfUnique()), heldKeys.getIfUnique(() -> HeldKeys.NONE),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class ListenerMetricsConfiguration {

        @Bean
        ListenerMetricsFactory reliableListenerMetrics(MeterRegistry registry) {
            return (endpoint, inFlight) -> new MicrometerListenerMetrics(registry, endpoint, inFlight);
        }
    }

    /** Creates the metrics of each listener, given how to read its messages in flight. */
    interface ListenerMetricsFactory extends BiFunction<ListenerEndpoint, IntSupplier, ListenerMetrics> {
    }
}
