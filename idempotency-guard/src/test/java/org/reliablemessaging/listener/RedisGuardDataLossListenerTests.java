package org.reliablemessaging.listener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.idempotency.actuate.RedisGuardEndpoint;
import org.reliablemessaging.idempotency.actuate.RedisGuardHealthIndicator;
import org.reliablemessaging.idempotency.autoconfigure.IdempotencyGuardAutoConfiguration;
import org.reliablemessaging.idempotency.autoconfigure.RedisGuardOperationsAutoConfiguration;
import org.reliablemessaging.idempotency.redis.EpochStatus.State;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.H2TestService;
import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An idempotent listener on the Redis guard while a private Redis, which keeps nothing on disk, restarts
 * under it mid-flow: the listener holds every message, unacknowledged and not dead-lettered, until the
 * loss is accepted through the {@code redisguard} endpoint. Messages are delivered by hand
 * ({@link InMemoryTransport}), so that the test decides what is redelivered.
 */
class RedisGuardDataLossListenerTests {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final int KEYS = 10;

    /** An order of the first key, handled while Redis restarts; the later orders of its key come after. */
    private static final String GATED = "o-100";

    private static PrivateInstance redis;

    private final InMemoryTransport transport = new InMemoryTransport();

    private final List<InboundMessage> delivered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startRedis() {
        redis = PrivateInstance.start(Kind.REDIS, Path.of("target", TestNames.unique("private-redis")));
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @MessageType("order-placed")
    record OrderPlaced(String orderId) {
    }

    static class Inventory {

        final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

        /** Open once {@link #GATED} is being handled: the restart comes then, mid-flow. */
        final CountDownLatch gateReached = new CountDownLatch(1);

        final CountDownLatch restarted = new CountDownLatch(1);

        @ReliableListener(topic = "orders", group = "inventory", idempotent = Idempotency.REDIS)
        void on(OrderPlaced event, MessageContext context) throws InterruptedException {
            if (event.orderId().equals(GATED)) {
                gateReached.countDown();
                restarted.await();
            }
            // Some work, so that the other keys are mid-flow too.
            Thread.sleep(5);
            effects.computeIfAbsent(event.orderId(), id -> new AtomicInteger()).incrementAndGet();
        }

        Map<String, Integer> counts() {
            return effects.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        }
    }

    @Test
    void holdsEveryMessageAfterRedisLostItsDataUntilTheLossIsAccepted() {
        int port = redis.port();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                    ReliableListenerAutoConfiguration.class, IdempotencyGuardAutoConfiguration.class,
                    RedisGuardOperationsAutoConfiguration.class))
            .withUserConfiguration(H2TestService.class)
            .withBean(InMemoryTransport.class, () -> transport)
            .withBean(DataRedisConnectionDetails.class, () -> new DataRedisConnectionDetails() {

                @Override
                public Standalone getStandalone() {
                    return Standalone.of("127.0.0.1", port);
                }
            })
            .withBean(Inventory.class)
            .withPropertyValues("reliable-messaging.idempotency.store=redis",
                    "reliable-messaging.idempotency.redis-key-prefix=" + TestNames.unique("rm-test") + ":",
                    "reliable-messaging.listener.max-in-flight=5000",
                    "management.endpoints.web.exposure.include=redisguard",
                    "management.endpoint.redisguard.access=UNRESTRICTED")
            .run(this::restartRedisWhileMessagesFlow);
    }

    private void restartRedisWhileMessagesFlow(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        Inventory inventory = context.getBean(Inventory.class);
        RedissonIdempotencyGuard guard = context.getBean(RedissonIdempotencyGuard.class);
        RedisGuardHealthIndicator health = context.getBean(RedisGuardHealthIndicator.class);
        MeterRegistry meters = new SimpleMeterRegistry();
        context.getBean("redisIdempotencyGuardMetrics", MeterBinder.class).bindTo(meters);
        List<InboundMessage> messages = orders("o", 300);
        messages.forEach(this::deliver);

        await().atMost(PATIENCE).until(() -> inventory.gateReached.getCount() == 0);
        redis.stop();
        redis.start();
        inventory.restarted.countDown();
        // Every key with messages left now waits behind a held one, refused once at least.
        await().atMost(PATIENCE).until(() -> guard.status().refusals() >= keysWaiting()
                || allAcknowledged(messages.size()));
        Map<String, Integer> handledBefore = inventory.counts();
        int acknowledgedBefore = transport.acknowledged.size();

        // The broker redelivers what was acknowledged (its acknowledgements were lost, say).
        List<InboundMessage> redelivered = messages.stream()
            .filter(m -> transport.acknowledged.contains(m.messageId()))
            .toList();
        redelivered.forEach(this::deliver);
        long refusals = guard.status().refusals();
        // Two more rounds of retries of every waiting key: time for a redelivery to be handled, were it let through.
        long waiting = keysWaiting();
        await().atMost(PATIENCE).until(() -> guard.status().refusals() >= refusals + 2L * waiting
                || allAcknowledged(messages.size() + redelivered.size()));

        assertThat(inventory.counts()).as("no message handled twice").isEqualTo(handledBefore);
        assertThat(transport.acknowledged).as("nothing acknowledged while lost").hasSize(acknowledgedBefore);
        assertThat(handledBefore).as("messages held since the restart").hasSizeLessThan(messages.size());
        assertThat(transport.deadLetters).as("no attempts used up").isEmpty();
        assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
        assertThat(meters.get("reliable.messaging.idempotency.redis.data.lost").gauge().value()).isOne();
        assertThat(meters.get("reliable.messaging.idempotency.redis.refused").functionCounter().count())
            .isGreaterThanOrEqualTo(refusals + 2L * waiting);

        assertThat(context.getBean(RedisGuardEndpoint.class).acceptDataLoss().state()).isEqualTo(State.ARMED);
        List<InboundMessage> after = orders("after", 50);
        after.forEach(this::deliver);

        await().atMost(PATIENCE).until(() -> allAcknowledged(messages.size() + redelivered.size() + after.size()));
        Map<String, Integer> effects = inventory.counts();
        assertThat(effects).hasSize(messages.size() + after.size());
        // Accepted by the operator: a redelivery while lost ran again, unless its done marker was written after the
        // restart. Nothing else ran twice.
        effects.forEach((id, count) -> assertThat(count).as(id).isBetween(1, handledBefore.containsKey(id) ? 2 : 1));
        assertThat(transport.deadLetters).isEmpty();
        assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
        assertThat(meters.get("reliable.messaging.idempotency.redis.data.lost").gauge().value()).isZero();
    }

    private boolean allAcknowledged(int deliveries) {
        return transport.acknowledged.size() == deliveries;
    }

    private void deliver(InboundMessage message) {
        delivered.add(message);
        transport.deliver("inventory", message);
    }

    /** The keys with a delivery not acknowledged yet. */
    private long keysWaiting() {
        Map<String, Long> acknowledged = transport.acknowledged.stream()
            .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<String, Long> deliveries = delivered.stream()
            .collect(Collectors.groupingBy(InboundMessage::messageId, Collectors.counting()));
        return delivered.stream()
            .filter(m -> deliveries.get(m.messageId()) > acknowledged.getOrDefault(m.messageId(), 0L))
            .map(InboundMessage::key)
            .distinct()
            .count();
    }

    /** {@code count} orders spread over {@link #KEYS} keys, in order within each key. */
    private static List<InboundMessage> orders(String prefix, int count) {
        return IntStream.range(0, count)
            .mapToObj(i -> InboundMessages.json("sku-" + i % KEYS, "order-placed",
                    "{\"orderId\":\"%s-%d\"}".formatted(prefix, i)))
            .collect(Collectors.toList());
    }
}
