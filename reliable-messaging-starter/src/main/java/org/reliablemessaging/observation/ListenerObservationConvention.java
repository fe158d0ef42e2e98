package org.reliablemessaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a listener's attempt at a message; declare a bean of this type
 * to replace {@link DefaultListenerObservationConvention}.
 */
public interface ListenerObservationConvention extends ObservationConvention<ListenerObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ListenerObservationContext;
    }
}
