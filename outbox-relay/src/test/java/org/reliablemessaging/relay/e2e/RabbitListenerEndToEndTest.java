package org.reliablemessaging.relay.e2e;

import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.test.RabbitTestService;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RabbitListenerEndToEndTest extends ListenerEndToEndTests {

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withUserConfiguration(RabbitTestService.class)
            .withPropertyValues("reliable-messaging.transport=rabbit");
    }
}
