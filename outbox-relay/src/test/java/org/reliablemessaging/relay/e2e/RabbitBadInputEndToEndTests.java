package org.reliablemessaging.relay.e2e;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.reliablemessaging.autoconfigure.RabbitTransportAutoConfiguration;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.rabbit.RabbitRouting;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.RabbitTestService;
import org.reliablemessaging.testservices.TestBrokers;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Foreign messages published with the plain AMQP client to the topic's exchange {@code rm.<topic>},
 * headers as byte arrays (AMQP long strings).
 */
class RabbitBadInputEndToEndTests extends BadInputEndToEndTests {

    private static final int PARTITIONS = 2;

    private final RabbitEndpoint rabbit = TestBrokers.rabbit();

    private Connection connection;

    private Channel channel;

    @AfterEach
    void deleteTopologyAndClose() throws Exception {
        if (channel == null) {
            channel = connection().createChannel();
        }
        // The group declares its retry topic's queues and exchange too.
        for (String source : List.of(topic, Subscription.retryTopic(topic, "ledger"))) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                channel.queueDelete("rm." + source + ".ledger." + partition);
            }
            channel.queueDelete("rm." + source + ".ledger.parked");
            channel.exchangeDelete("rm." + source);
        }
        connection.close();
    }

    @Override
    ApplicationContextRunner withTransport(ApplicationContextRunner runner) {
        return runner
            .withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitTransportAutoConfiguration.class))
            .withUserConfiguration(RabbitTestService.class)
            .withPropertyValues("reliable-messaging.transport=rabbit",
                    "reliable-messaging.rabbit.partitions=" + PARTITIONS);
    }

    @Override
    void inject(ApplicationContext context, byte @Nullable [] key, Map<String, byte[]> headers, byte[] payload)
            throws Exception {
        if (channel == null) {
            channel = connection().createChannel();
            channel.confirmSelect();
        }
        int partition = key == null ? 0 : KeyHash.bucket(new String(key, StandardCharsets.UTF_8), PARTITIONS);
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
            .headers(new LinkedHashMap<>(headers))
            .build();
        channel.basicPublish("rm." + topic, RabbitRouting.routingKey(partition), true, properties, payload);
        channel.waitForConfirmsOrDie(10_000);
    }

    private Connection connection() throws Exception {
        if (connection == null) {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(rabbit.host());
            factory.setPort(rabbit.port());
            factory.setUsername(rabbit.username());
            factory.setPassword(rabbit.password());
            factory.setVirtualHost(rabbit.virtualHost());
            connection = factory.newConnection();
        }
        return connection;
    }
}
