package org.reliablemessaging.listener;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
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

    private final IdempotencyGuards guards;

    private final JsonMapper json;

    private final ListenerSettings settings;

    private final ListenerMetrics.Factory metrics;

    private final HandlerObservations observations;

    private final HeldKeys heldKeys;

    private final ListenerOutcomes outcomes;

    private final Clock clock;

    private final List<ListenerContainer> running = new ArrayList<>();

    /**
     * @param endpoints the listener methods found
     * @param sources the transport's source factory, looked up when the listeners start
     * @param deadLetters where dead letters go, looked up when the listeners start
     * @param guards the idempotency guards listeners may use
     * @param json converts payloads
     * @param settings the listeners' defaults
     * @param metrics creates each listener's metrics
     * @param observations observes each attempt at a message
     * @param heldKeys records the keys held back while a message is retried
     * @param outcomes told what became of each message
     * @param clock the time of failures and expiry
     */
    public ListenerContainers(ReliableListenerPostProcessor endpoints, ObjectProvider<MessageSourceFactory> sources,
            ObjectProvider<DeadLetterHandler> deadLetters, IdempotencyGuards guards, JsonMapper json,
            ListenerSettings settings, ListenerMetrics.Factory metrics, HandlerObservations observations,
            HeldKeys heldKeys, ListenerOutcomes outcomes, Clock clock) {
        this.endpoints = endpoints;
        this.sources = sources;
        this.deadLetters = deadLetters;
        this.guards = guards;
        this.json = json;
        this.settings = settings;
        this.metrics = metrics;
        this.observations = observations;
        this.heldKeys = heldKeys;
        this.outcomes = outcomes;
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
        AtomicInteger inFlight = new AtomicInteger();
        ListenerMessageProcessor processor = new ListenerMessageProcessor(endpoint,
                new PayloadConverter(json, endpoint.payloadType()), guards.of(endpoint), deadLetterHandler,
                metrics.create(endpoint.topic(), endpoint.group(), inFlight::get), observations, heldKeys, outcomes, clock);
        KeyedDispatcher dispatcher = new KeyedDispatcher(endpoint.ordering(), endpoint.concurrency(),
                settings.maxInFlight(), inFlight, processor);
        return new ListenerContainer(endpoint, dispatcher, factory, settings.maxInFlight(), settings.shutdownTimeout(),
                processor::activity);
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

    /** The state of each consumer group's listeners, by group name in the order they were declared. */
    public synchronized Map<String, ListenerGroupStatus> groups() {
        Map<String, List<ListenerContainer>> byGroup = new LinkedHashMap<>();
        running.forEach(container -> byGroup.computeIfAbsent(container.endpoint().group(), group -> new ArrayList<>())
                .add(container));
        Map<String, ListenerGroupStatus> groups = new LinkedHashMap<>();
        byGroup.forEach((group, containers) -> groups.put(group, ListenerGroupStatus.of(group, containers)));
        return groups;
    }

    /** Messages received and not yet settled, over all listeners. */
    public synchronized int inFlight() {
        return running.stream().mapToInt(ListenerContainer::inFlight).sum();
    }
}
