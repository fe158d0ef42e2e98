package org.reliablemessaging.observation;

import java.util.Objects;

import io.micrometer.common.KeyValues;

/**
 * Observes a listener's attempt as {@code reliable.messaging.listener}, tagged with group, topic and
 * outcome; message id and attempt go only to traces.
 */
public class DefaultListenerObservationConvention implements ListenerObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "reliable.messaging.listener";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ListenerObservationContext context) {
        return context.message().topic() + " receive";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ListenerObservationContext context) {
        KeyValues keyValues = KeyValues.of("group", context.group(), "topic", context.message().topic());
        // Known once the attempt ended: the timer has it, the long task timer of running attempts does not.
        ListenerObservationContext.Outcome outcome = context.outcome();
        return outcome == null ? keyValues : keyValues.and("outcome", outcome.value());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ListenerObservationContext context) {
        return KeyValues.of("message.id", Objects.toString(context.message().messageId()), "attempt",
                Integer.toString(context.attempt()));
    }
}
