package org.reliablemessaging.relay.e2e;

import org.reliablemessaging.autoconfigure.KafkaTransportAutoConfiguration;
import org.reliablemessaging.test.KafkaTestService;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KafkaListenerEndToEndTest extends ListenerEndToEndTests {

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
            .withUserConfiguration(KafkaTestService.class)
            .withPropertyValues("reliable-messaging.transport=kafka");
    }
}
