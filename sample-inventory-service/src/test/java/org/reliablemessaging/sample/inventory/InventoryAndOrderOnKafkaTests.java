package org.reliablemessaging.sample.inventory;

import java.util.List;

import org.reliablemessaging.testservices.KafkaTopics;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.context.ConfigurableApplicationContext;

/** The scenario in the {@code kafka} profile: a PostgreSQL schema each, topics of their own on the test Kafka. */
class InventoryAndOrderOnKafkaTests extends InventoryAndOrderEndToEndTests {

    private final String ordersTopic = TestNames.unique("orders");

    private final String stockTopic = TestNames.unique("stock");

    private final String deadlineTopic = TestNames.unique("order-deadlines");

    private final TestDatabase orderDatabase = TestDatabases.postgres();

    private final TestDatabase inventoryDatabase = TestDatabases.postgres();

    @Override
    List<String> orderServiceArguments() {
        return List.of("--spring.profiles.active=kafka", "--orders.topic=" + ordersTopic,
                "--orders.stock-topic=" + stockTopic, "--orders.deadline-topic=" + deadlineTopic,
                "--spring.kafka.bootstrap-servers=" + TestBrokers.kafkaBootstrapServers(),
                "--spring.datasource.url=" + orderDatabase.jdbcUrl(),
                "--spring.datasource.username=" + orderDatabase.username(),
                "--spring.datasource.password=" + orderDatabase.password());
    }

    @Override
    List<String> inventoryServiceArguments(ConfigurableApplicationContext orderService) {
        return List.of("--spring.profiles.active=kafka", "--inventory.orders-topic=" + ordersTopic,
                "--inventory.stock-topic=" + stockTopic,
                "--spring.kafka.bootstrap-servers=" + TestBrokers.kafkaBootstrapServers(),
                "--spring.datasource.url=" + inventoryDatabase.jdbcUrl(),
                "--spring.datasource.username=" + inventoryDatabase.username(),
                "--spring.datasource.password=" + inventoryDatabase.password());
    }

    @Override
    void deleteBrokerResources() {
        KafkaTopics.delete(List.of(ordersTopic, stockTopic, deadlineTopic));
    }
}
