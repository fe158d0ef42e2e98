package org.reliablemessaging.observation;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Starts each listener attempt's span as the root of a new trace with a span link to the publisher's span,
 * instead of continuing the publisher's trace ({@code reliable-messaging.listener.trace=link}).
 * <p>
 * A message that is handled long after it was published, or a publisher trace that fans out to many
 * listeners, then no longer makes one long trace: each handling is a trace of its own that points back.
 */
public class LinkingListenerTracingObservationHandler
        extends PropagatingReceiverTracingObservationHandler<ListenerObservationContext> {

    private final Tracer tracer;

    private final Propagator propagator;

    public LinkingListenerTracingObservationHandler(Tracer tracer, Propagator propagator) {
        super(tracer, propagator);
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Span.Builder customizeExtractedSpan(ListenerObservationContext context, Span.Builder builder) {
        builder.setNoParent();
        TraceContext publisher = publisherContext(context);
        return publisher != null ? builder.addLink(new Link(publisher)) : builder;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ListenerObservationContext;
    }

    /**
     * The publisher's span context that the message's headers carry, or {@code null} without one. The
     * propagator only hands out a builder whose parent it is, so a child is started, read and abandoned (never
     * reported): this works with every bridge and every propagation format the application configured.
     */
    private @Nullable TraceContext publisherContext(ListenerObservationContext context) {
        Span probe = propagator.extract(context.message(), (message, key) -> message.headers().get(key)).start();
        try {
            TraceContext child = probe.context();
            String publisherSpanId = child.parentId();
            if (publisherSpanId == null || publisherSpanId.isEmpty()) {
                return null;
            }
            return tracer.traceContextBuilder().traceId(child.traceId()).spanId(publisherSpanId)
                .sampled(child.sampled()).build();
        }
        finally {
            probe.abandon();
        }
    }
}
