package org.reliablemessaging.listener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a {@link ListenerContainer} for every {@code @ReliableListener} once the application is
 * ready, and stops them first on shutdown, while the relay still delivers what they published.
 */
public final class ListenerContainers implements SmartLifecycle {

    private final ReliableListenerPostProcessor endpoints;

    private final ObjectProvider<MessageSourceFactory> sources;

    private final ObjectProvider<DeadLetterHandler> deadLetters;

    private final BeanFactory beanFactory;

    private final JsonMapper json;

    private final ReliableMessagingProperties properties;

    private final BiFunction<ListenerEndpoint, IntSupplier, ListenerMetrics> metrics;

    private final HandlerObservations observations;

    private final HeldKeys heldKeys;

    private final Clock clock;

    private final List<ListenerContainer> running = new ArrayList<>();

    ListenerContainers(ReliableListenerPostProcessor endpoints, ObjectProvider<MessageSourceFactory> sources,
            ObjectProvider<DeadLetterHandler> deadLetters, BeanFactory beanFactory, JsonMapper json,
            ReliableMessagingProperties properties, BiFunction<ListenerEndpoint, IntSupplier, ListenerMetrics> metrics,
            HandlerObservations observations, HeldKeys heldKeys, Clock clock) {
        this.endpoints = endpoints;
        this.sources = sources;
        this.deadLetters = deadLetters;
        this.beanFactory = beanFactory;
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
        this.observations = observations;
        this.heldKeys = heldKeys;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        List<ListenerContainer> containers = endpoints.endpoints().stream().map(this::container).toList();
        for (ListenerContainer container : containers) {
            container.start();
            running.add(container);
        }
    }

    private ListenerContainer container(ListenerEndpoint endpoint) {
        MessageSourceFactory factory = sources.getIfUnique(() -> {
            throw new ListenerDeclarationException("@ReliableListener " + endpoint.describe() + " needs a transport: add "
                    + "spring-kafka or spring-rabbit, and set reliable-messaging.transport if both are present");
        });
        DeadLetterHandler deadLetterHandler = deadLetters.getIfUnique(() -> {
            throw new ListenerDeclarationException("@ReliableListener " + endpoint.describe() + " needs somewhere to "
                    + "keep dead letters: a DataSource (table rm_dead_letter) or a transport (topic <topic>.<group>.dlt)");
        });
        ReliableMessagingProperties.Listener defaults = properties.getListener();
        AtomicInteger inFlight = new AtomicInteger();
        ListenerMessageProcessor processor = new ListenerMessageProcessor(endpoint,
                new PayloadConverter(json, endpoint.payloadType()), guard(endpoint), deadLetterHandler,
                metrics.apply(endpoint, inFlight::get), observations, heldKeys, clock);
        KeyedDispatcher dispatcher = new KeyedDispatcher(endpoint.ordering(), endpoint.concurrency(),
                defaults.getMaxInFlight(), inFlight, processor);
        return new ListenerContainer(endpoint, dispatcher, factory, defaults.getMaxInFlight(), defaults.getShutdownTimeout());
    }

    private @Nullable IdempotencyGuard guard(ListenerEndpoint endpoint) {
        Idempotency store = endpoint.idempotency();
        if (store == Idempotency.DEFAULT) {
            ReliableMessagingProperties.Idempotency.Store configured = properties.getIdempotency().getStore();
            store = configured != null ? Idempotency.valueOf(configured.name())
                    : beanFactory.containsBean(IdempotencyGuard.JDBC_BEAN_NAME) ? Idempotency.JDBC : Idempotency.NONE;
        }
        String beanName = switch (store) {
            case JDBC -> IdempotencyGuard.JDBC_BEAN_NAME;
            case REDIS -> IdempotencyGuard.REDIS_BEAN_NAME;
            case NONE, DEFAULT -> null;
        };
        if (beanName == null) {
            return null;
        }
        if (!beanFactory.containsBean(beanName)) {
            throw new ListenerDeclarationException("@ReliableListener " + endpoint.describe() + " wants idempotency "
                    + store + " but there is no bean '" + beanName + "': add the idempotency-guard module"
                    + (store == Idempotency.REDIS ? " and Redisson" : " and a DataSource")
                    + ", or set idempotent = NONE on the listener");
        }
        return beanFactory.getBean(beanName, IdempotencyGuard.class);
    }

    @Override
    public synchronized void stop() {
        running.forEach(ListenerContainer::stop);
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    /** Messages received and not yet settled, over all listeners. */
    public synchronized int inFlight() {
        return running.stream().mapToInt(ListenerContainer::inFlight).sum();
    }
}
