package org.reliablemessaging.sample.inventory;

import java.util.List;
import java.util.Map;

import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.testservices.RabbitEndpoint;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scenario in the {@code rabbit} profile: a PostgreSQL schema each, and exchanges and queues of their
 * own on the test RabbitMQ (a unique name prefix), deleted afterwards.
 */
class InventoryAndOrderOnRabbitTests extends InventoryAndOrderEndToEndTests {

    /** Fewer than the default 4: each partition is a quorum queue per group, which the broker pays for. */
    private static final int PARTITIONS = 2;

    /** The consumer groups of each topic, as the profiles declare them. */
    private static final Map<String, String> GROUPS = Map.of("orders", "inventory-service", "stock", "order-service",
            "order-deadlines", "order-service");

    private final String prefix = TestNames.unique("rm-e2e") + ".";

    private final TestDatabase orderDatabase = TestDatabases.postgres();

    private final TestDatabase inventoryDatabase = TestDatabases.postgres();

    @Override
    List<String> orderServiceArguments() {
        return arguments(orderDatabase);
    }

    @Override
    List<String> inventoryServiceArguments(ConfigurableApplicationContext orderService) {
        return arguments(inventoryDatabase);
    }

    private List<String> arguments(TestDatabase database) {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        return List.of("--spring.profiles.active=rabbit", "--reliable-messaging.rabbit.exchange-prefix=" + prefix,
                "--reliable-messaging.rabbit.partitions=" + PARTITIONS,
                "--spring.rabbitmq.host=" + rabbit.host(), "--spring.rabbitmq.port=" + rabbit.port(),
                "--spring.rabbitmq.username=" + rabbit.username(), "--spring.rabbitmq.password=" + rabbit.password(),
                "--spring.rabbitmq.virtual-host=" + rabbit.virtualHost(),
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password());
    }

    /**
     * Deletes the queues of each topic's group and of its retry topic, and their exchanges: quorum queues
     * hold broker resources until deleted, and runs add up on a shared broker.
     */
    @Override
    void deleteBrokerResources() {
        RabbitEndpoint rabbit = TestBrokers.rabbit();
        CachingConnectionFactory connections = new CachingConnectionFactory(rabbit.host(), rabbit.port());
        connections.setUsername(rabbit.username());
        connections.setPassword(rabbit.password());
        connections.setVirtualHost(rabbit.virtualHost());
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            GROUPS.forEach((topic, group) -> {
                for (String source : List.of(topic, Subscription.retryTopic(topic, group))) {
                    for (int partition = 0; partition < PARTITIONS; partition++) {
                        admin.deleteQueue(prefix + source + "." + group + "." + partition);
                    }
                    admin.deleteQueue(prefix + source + "." + group + ".parked");
                    admin.deleteExchange(prefix + source);
                }
            });
        }
        finally {
            connections.destroy();
        }
    }
}
