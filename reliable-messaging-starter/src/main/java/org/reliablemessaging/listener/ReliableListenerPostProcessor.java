package org.reliablemessaging.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.reliablemessaging.ReliableListener;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@code @ReliableListener} methods on beans as they are created and records them as
 * endpoints; a misdeclared method fails the creation of its bean.
 */
public final class ReliableListenerPostProcessor implements BeanPostProcessor, BeanFactoryAware {

    private final Supplier<ListenerSettings> settings;

    private final List<ListenerEndpoint> endpoints = new ArrayList<>();

    private UnaryOperator<String> placeholders = UnaryOperator.identity();

    /** @param settings the defaults of listeners, resolved lazily: a post-processor is created before configuration is bound */
    public ReliableListenerPostProcessor(Supplier<ListenerSettings> settings) {
        this.settings = settings;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableBeanFactory configurable) {
            // a value resolving to null is then reported as an empty topic or group, not as a NullPointerException
            placeholders = value -> Objects.requireNonNullElse(configurable.resolveEmbeddedValue(value), "");
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        Map<Method, ReliableListener> annotated = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<ReliableListener>) method -> AnnotatedElementUtils
                    .findMergedAnnotation(method, ReliableListener.class));
        annotated.forEach((method, annotation) -> register(new ListenerEndpointFactory(settings.get()).create(bean,
                AopUtils.selectInvocableMethod(method, bean.getClass()), annotation, placeholders)));
        return bean;
    }

    private synchronized void register(ListenerEndpoint endpoint) {
        for (ListenerEndpoint other : endpoints) {
            if (other.topic().equals(endpoint.topic()) && other.group().equals(endpoint.group())) {
                throw new ListenerDeclarationException("@ReliableListener " + endpoint.describe() + " and "
                        + other.describe() + " both consume topic '" + endpoint.topic() + "' for group '"
                        + endpoint.group() + "': one group has one listener per topic. Merge them, or give one "
                        + "another group.");
            }
        }
        endpoints.add(endpoint);
    }

    /** The endpoints found so far. */
    synchronized List<ListenerEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }
}
