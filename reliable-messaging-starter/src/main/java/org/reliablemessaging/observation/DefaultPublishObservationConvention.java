package org.reliablemessaging.observation;

import io.micrometer.common.KeyValues;

/**
 * Observes a publish as {@code reliable.messaging.publish}, tagged with topic and type; the message
 * id goes only to traces.
 */
public class DefaultPublishObservationConvention implements PublishObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "reliable.messaging.publish";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PublishObservationContext context) {
        return context.topic() + " publish";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PublishObservationContext context) {
        return KeyValues.of("topic", context.topic(), "type", context.type());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(PublishObservationContext context) {
        return KeyValues.of("message.id", context.messageId().toString());
    }
}
