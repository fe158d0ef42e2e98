package org.reliablemessaging.relay.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.spi.Subscription;
import org.reliablemessaging.test.RabbitEndpoint;
import org.reliablemessaging.test.RabbitTestService;
import org.reliablemessaging.test.TcpProxy;
import org.reliablemessaging.test.TestBrokers;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RabbitListenerEndToEndTest extends ListenerEndToEndTests {

    private static final int PARTITIONS = 2;

    /**
     * Deletes the quorum queues and exchanges the groups declared: each quorum queue holds broker
     * resources until deleted, and runs add up on a shared broker.
     */
    @AfterEach
    void deleteTopology() throws Exception {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        CachingConnectionFactory connections = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        connections.setUsername(rabbit.username());
        connections.setPassword(rabbit.password());
        connections.setVirtualHost(rabbit.virtualHost());
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            for (String group : List.of("inventory", "audit")) {
                for (String source : List.of(topic, Subscription.retryTopic(topic, group))) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        admin.deleteQueue("rm." + source + "." + group + "." + partition);
                    }
                    admin.deleteExchange("rm." + source);
                }
            }
        }
        finally {
            connections.destroy();
        }
    }

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return rabbit(runner).withUserConfiguration(RabbitTestService.class);
    }

    private static ApplicationContextRunner rabbit(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withPropertyValues("reliable-messaging.transport=rabbit",
                    "reliable-messaging.rabbit.partitions=" + PARTITIONS);
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
