package org.reliablemessaging.testservices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives an application context Kafka topics of its own, by setting each of the given properties to a
 * {@link TestNames#unique(String) unique} name derived from its current value, and deletes those topics
 * when the context closes. Subclass it with a no-argument constructor to name it in
 * {@code @ContextConfiguration(initializers = ...)}.
 *
 * <p>The deleting bean is registered before any other, so it is destroyed last: after the context's
 * listeners and relay, which are lifecycle beans, have stopped.
 */
public abstract class UniqueKafkaTopics implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private final List<String> topicProperties;

    protected UniqueKafkaTopics(String... topicProperties) {
        this.topicProperties = List.of(topicProperties);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String property : topicProperties) {
            String name = TestNames.unique(context.getEnvironment().getProperty(property, "topic"));
            properties.put(property, name);
            names.add(name);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(getClass().getName(), properties));
        ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean(getClass().getName(),
                (DisposableBean) () -> KafkaTopics.delete(names));
    }
}
