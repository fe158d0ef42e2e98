package org.reliablemessaging.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.observation.LinkingListenerTracingObservationHandler;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleTracer;

class ListenerTracingAutoConfigurationTests {

    private final ApplicationContextRunner withTracer = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ListenerTracingAutoConfiguration.class))
        .withBean(Tracer.class, SimpleTracer::new)
        .withBean(Propagator.class, () -> Propagator.NOOP);

    @Test
    void continuesThePublishersTraceByDefault() {
        withTracer.run(context -> assertThat(context).doesNotHaveBean(LinkingListenerTracingObservationHandler.class));
        withTracer.withPropertyValues("reliable-messaging.listener.trace=continue")
            .run(context -> assertThat(context).doesNotHaveBean(LinkingListenerTracingObservationHandler.class));
    }

    @Test
    void linksToThePublishersTraceWhenAsked() {
        withTracer.withPropertyValues("reliable-messaging.listener.trace=link")
            .run(context -> assertThat(context).hasSingleBean(LinkingListenerTracingObservationHandler.class));
    }

    @Test
    void needsATracerAndMicrometerTracing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ListenerTracingAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.listener.trace=link")
            .run(context -> assertThat(context).doesNotHaveBean(LinkingListenerTracingObservationHandler.class));
        withTracer.withPropertyValues("reliable-messaging.listener.trace=link")
            .withClassLoader(new FilteredClassLoader(Tracer.class))
            .run(context -> assertThat(context).doesNotHaveBean(LinkingListenerTracingObservationHandler.class));
    }
}
