package org.reliablemessaging.observation;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.InboundMessage;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of one attempt of a listener at a message: its carrier is the received message, whose
 * headers a propagating tracing handler reads to continue the publisher's trace.
 */
public final class ListenerObservationContext extends ReceiverContext<InboundMessage> {

    /** How an attempt ended. */
    public enum Outcome {

        /** The handler returned. */
        HANDLED,

        /** The idempotency guard found the message already processed, so the handler did not run. */
        DUPLICATE,

        /** The message is being processed elsewhere; it is tried again later without using an attempt. */
        DEFERRED,

        /** The handler or the conversion failed; the message is retried or dead-lettered. */
        FAILED;

        /** The tag value: the name in lower case. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String group;

    private final int attempt;

    private @Nullable Outcome outcome;

    public ListenerObservationContext(String group, InboundMessage message, int attempt) {
        super((carrier, key) -> carrier.headers().get(key), Kind.CONSUMER);
        this.group = Objects.requireNonNull(group, "group");
        this.attempt = attempt;
        setCarrier(message);
    }

    /** The listener's consumer group. */
    public String group() {
        return group;
    }

    /** The message, as the transport received it. */
    public InboundMessage message() {
        return Objects.requireNonNull(getCarrier());
    }

    /** The attempt, from 1. */
    public int attempt() {
        return attempt;
    }

    /** How the attempt ended, or {@code null} while it runs. */
    public @Nullable Outcome outcome() {
        return outcome;
    }

    /** Records how the attempt ended. */
    public void outcome(Outcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }
}
