package org.reliablemessaging.relay.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.test.RabbitEndpoint;
import org.reliablemessaging.test.RabbitTestService;
import org.reliablemessaging.test.TcpProxy;
import org.reliablemessaging.test.TestBrokers;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RabbitListenerEndToEndTest extends ListenerEndToEndTests {

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return rabbit(runner).withUserConfiguration(RabbitTestService.class);
    }

    private static ApplicationContextRunner rabbit(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=rabbit");
    }

    @Test
    void aConsumerCutOffAfterItsHandlerButBeforeItsAckChangesNothingWhenTheMessageComesAgain() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        try (TcpProxy proxy = new TcpProxy(rabbit.host(), rabbit.port())) {
            proxy.open();
            withConnectionThrough(proxy, rabbit).run(context -> {
                assertThat(context).hasNotFailed();
                Inventory inventory = context.getBean(Inventory.class);
                AtomicBoolean cutOnce = new AtomicBoolean();
                inventory.afterEffect = () -> {
                    if (cutOnce.compareAndSet(false, true)) {
                        reconnect(proxy);
                    }
                };
                send(context, List.of(change("sku-1", "a", 1)));

                await().atMost(PATIENCE).until(() -> duplicatesSkipped(context) >= 1);
                assertThat(effects(context)).isEqualTo(1);
            });
        }
    }

    private ApplicationContextRunner withConnectionThrough(TcpProxy proxy, RabbitEndpoint rabbit) {
        return rabbit(application()).withPropertyValues("spring.rabbitmq.host=127.0.0.1",
                "spring.rabbitmq.port=" + proxy.port(), "spring.rabbitmq.username=" + rabbit.username(),
                "spring.rabbitmq.password=" + rabbit.password(), "spring.rabbitmq.virtual-host=" + rabbit.virtualHost());
    }

    /**
     * Drops every connection, so the handler's ack is lost and the broker redelivers the message,
     * then lets connections in again from another thread, as the network would come back.
     */
    private static void reconnect(TcpProxy proxy) {
        try {
            proxy.cut();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread.ofVirtual().start(() -> {
            try {
                proxy.open();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }
}
