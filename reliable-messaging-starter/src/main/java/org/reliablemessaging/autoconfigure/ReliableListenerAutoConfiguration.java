package org.reliablemessaging.autoconfigure;

import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.listener.ListenerConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of {@link ReliableListener} methods: finds them, and runs each on its
 * transport with ordering, retries, idempotency and dead letters.
 */
@AutoConfiguration(after = { ReliableMessagingAutoConfiguration.class, KafkaTransportAutoConfiguration.class,
        RabbitTransportAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@EnableConfigurationProperties(ReliableMessagingProperties.class)
@Import(ListenerConfiguration.class)
public final class ReliableListenerAutoConfiguration {
}
