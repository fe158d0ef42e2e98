package org.reliablemessaging.autoconfigure;

import org.reliablemessaging.observation.LinkingListenerTracingObservationHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Auto-configuration of listener spans that link to the publisher's trace instead of continuing it
 * ({@code reliable-messaging.listener.trace=link}); ordered after Boot's tracing, whose tracer it needs.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, PropagatingReceiverTracingObservationHandler.class })
@ConditionalOnProperty(name = "reliable-messaging.listener.trace", havingValue = "link")
public final class ListenerTracingAutoConfiguration {

    /**
     * Boot's receiver handler would continue the trace; tracing handlers are tried in order and the first
     * that supports a context handles it, so this one goes just before Boot's (order 1000).
     */
    @Bean
    @Order(999)
    @ConditionalOnMissingBean
    @ConditionalOnBean({ Tracer.class, Propagator.class })
    LinkingListenerTracingObservationHandler linkingListenerTracingObservationHandler(Tracer tracer,
            Propagator propagator) {
        return new LinkingListenerTracingObservationHandler(tracer, propagator);
    }
}
