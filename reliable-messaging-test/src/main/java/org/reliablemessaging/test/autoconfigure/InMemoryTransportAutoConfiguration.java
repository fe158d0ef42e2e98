package org.reliablemessaging.test.autoconfigure;

import java.time.Clock;

import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.test.memory.InMemoryBroker;
import org.reliablemessaging.test.memory.InMemoryMessageSender;
import org.reliablemessaging.test.memory.InMemoryMessageSourceFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The in-memory transport, imported by {@link AutoConfigureInMemoryTransport}; ordered before the real transports,
 * whose sender and source factory then back off.
 */
@AutoConfiguration(beforeName = { "org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration",
        "org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration",
        "org.reliablemessaging.autoconfigure.FileTransportAutoConfiguration",
        "org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration" })
@EnableConfigurationProperties(ReliableMessagingTestProperties.class)
public final class InMemoryTransportAutoConfiguration {

    @Bean
    InMemoryBroker inMemoryBroker(ReliableMessagingTestProperties properties) {
        return new InMemoryBroker(properties.getInMemory().getPartitions());
    }

    @Bean
    MessageSender inMemoryMessageSender(InMemoryBroker inMemoryBroker) {
        return new InMemoryMessageSender(inMemoryBroker);
    }

    @Bean
    MessageSourceFactory inMemoryMessageSourceFactory(InMemoryBroker inMemoryBroker, ObjectProvider<Clock> clock) {
        return new InMemoryMessageSourceFactory(inMemoryBroker, clock.getIfAvailable(Clock::systemUTC));
    }
}
