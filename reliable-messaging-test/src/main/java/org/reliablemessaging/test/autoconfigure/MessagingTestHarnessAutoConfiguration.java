package org.reliablemessaging.test.autoconfigure;

import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.test.MessagingTestHarness;
import org.reliablemessaging.test.PublisherRecording;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link MessagingTestHarness} of every application context that has this module on its class path: in
 * practice a test's, as applications add the module with test scope.
 */
@AutoConfiguration
@ConditionalOnClass(ReliablePublisher.class)
@EnableConfigurationProperties(ReliableMessagingTestProperties.class)
public final class MessagingTestHarnessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessagingTestHarness messagingTestHarness(ReliableMessagingTestProperties properties) {
        return new MessagingTestHarness(properties.getTimeout());
    }

    @Bean
    static PublisherRecording messagingTestPublisherRecording(ObjectProvider<MessagingTestHarness> harness) {
        return new PublisherRecording(harness);
    }
}
