package org.reliablemessaging.test;

import org.reliablemessaging.ReliablePublisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/** Wraps every {@link ReliablePublisher} bean so that the harness sees what it publishes. */
public final class PublisherRecording implements BeanPostProcessor {

    private final ObjectProvider<MessagingTestHarness> harness;

    /** @param harness looked up when the first publisher appears, so this processor can be created early */
    public PublisherRecording(ObjectProvider<MessagingTestHarness> harness) {
        this.harness = harness;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ReliablePublisher publisher && !(bean instanceof RecordingPublisher)) {
            return new RecordingPublisher(publisher, harness.getObject());
        }
        return bean;
    }
}
