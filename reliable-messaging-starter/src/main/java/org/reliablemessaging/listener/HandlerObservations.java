package org.reliablemessaging.listener;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.observation.DefaultListenerObservationConvention;
import org.reliablemessaging.observation.ListenerObservationContext;
import org.reliablemessaging.observation.ListenerObservationContext.Outcome;
import org.reliablemessaging.observation.ListenerObservationConvention;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.spi.transport.InboundMessage;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes each attempt of a listener at a message, in the trace the message's headers carry.
 *
 * @param registry where attempts are observed; {@link ObservationRegistry#NOOP} for nowhere
 * @param convention the convention replacing the default one, or {@code null}
 */
public record HandlerObservations(ObservationRegistry registry, @Nullable ListenerObservationConvention convention) {

    /** Observes nothing. */
    static final HandlerObservations NONE = new HandlerObservations(ObservationRegistry.NOOP, null);

    private static final ListenerObservationConvention DEFAULT_CONVENTION = new DefaultListenerObservationConvention();

    /**
     * Runs {@code attempt} in an observation, open while it runs so that the handler's own
     * observations and logs join the trace.
     * @return what {@code attempt} returned: whether the handler ran
     */
    boolean observe(String group, InboundMessage message, int attempt, Attempt work) throws Exception {
        ListenerObservationContext context = new ListenerObservationContext(group, message, attempt);
        Observation observation = Observation.createNotStarted(convention, DEFAULT_CONVENTION, () -> context, registry)
            .start();
        try (Observation.Scope scope = observation.openScope()) {
            boolean ran = work.run();
            context.outcome(ran ? Outcome.HANDLED : Outcome.DUPLICATE);
            return ran;
        }
        catch (MessageDeferredException ex) {
            // Not a failure of this message: it waits for another consumer, so no error is recorded.
            context.outcome(Outcome.DEFERRED);
            throw ex;
        }
        catch (Exception | Error ex) {
            context.outcome(Outcome.FAILED);
            // The handler's own checked exception, not the wrapper that carried it out of the invocation.
            observation.error(ex instanceof ListenerFailedException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    /**
     * The handler's work, made to run in the current attempt's observation on whichever thread runs it: an
     * idempotency guard that batches runs it on a thread of its own, where the handler's spans must still be
     * children of the attempt's.
     */
    Runnable carried(Runnable work) {
        Thread owner = Thread.currentThread();
        Observation current = registry.getCurrentObservation();
        if (current == null) {
            return work;
        }
        return () -> {
            if (Thread.currentThread() == owner) {
                work.run();
                return;
            }
            try (Observation.Scope scope = current.openScope()) {
                work.run();
            }
        };
    }

    /** One attempt at a message; returns whether the handler ran (false: a duplicate). */
    @FunctionalInterface
    interface Attempt {

        boolean run() throws Exception;
    }
}
