package org.reliablemessaging.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a publish; declare a bean of this type to replace
 * {@link DefaultPublishObservationConvention}.
 */
public interface PublishObservationConvention extends ObservationConvention<PublishObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PublishObservationContext;
    }
}
