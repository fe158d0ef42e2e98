package org.reliablemessaging.observation;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * A W3C {@code traceparent} propagator for tests with micrometer-tracing-test's {@code SimpleTracer},
 * which comes with none: it writes and reads {@code 00-<trace id>-<span id>-01}, as the Brave and
 * OpenTelemetry bridges do.
 */
public final class TraceparentPropagator implements Propagator {

    /** The header it writes and reads. */
    public static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;

    public TraceparentPropagator(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public List<String> fields() {
        return List.of(TRACEPARENT);
    }

    @Override
    public <C> void inject(TraceContext context, @Nullable C carrier, Setter<C> setter) {
        setter.set(carrier, TRACEPARENT, "00-" + context.traceId() + "-" + context.spanId() + "-01");
    }

    @Override
    public <C> Span.Builder extract(C carrier, Getter<C> getter) {
        String traceparent = getter.get(carrier, TRACEPARENT);
        if (traceparent == null) {
            return tracer.spanBuilder();
        }
        String[] parts = traceparent.split("-");
        return tracer.spanBuilder()
            .setParent(tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled(true).build());
    }
}
