package org.reliablemessaging.sample.order;

import java.util.Map;

import org.reliablemessaging.test.KafkaTopics;
import org.reliablemessaging.test.TestNames;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test's order service topics of its own, and deletes them when its context closes: the
 * bean registered here first is destroyed last, after the relay and the listeners have stopped.
 */
class OrderTestTopics implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> topics = Map.of("orders.topic", TestNames.unique("orders"),
                "orders.stock-topic", TestNames.unique("stock"),
                "orders.deadline-topic", TestNames.unique("order-deadlines"));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("orderTestTopics", topics));
        DisposableBean deleteTopics = () -> KafkaTopics.delete(topics.values().stream().map(String::valueOf).toList());
        ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("deleteOrderTestTopics",
                deleteTopics);
    }
}
