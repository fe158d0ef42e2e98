package org.reliablemessaging.relay.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.Message;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.Ordering;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.autoconfigure.DeadLetterAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.idempotency.autoconfigure.IdempotencyGuardAutoConfiguration;
import org.reliablemessaging.listener.ListenerContainers;
import org.reliablemessaging.listener.MessageExpiredException;
import org.reliablemessaging.observation.TraceparentPropagator;
import org.reliablemessaging.relay.autoconfigure.OutboxRelayAutoConfiguration;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.testservices.AdvancingClock;
import org.reliablemessaging.testservices.RedisTestService;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.reliablemessaging.relay.e2e.ApplicationOutbox.inTransaction;

/**
 * The consumer side end to end, as a service has it: published through the outbox on PostgreSQL,
 * relayed, consumed by {@code @ReliableListener}s with the JDBC idempotency guard, and the effects
 * counted in a table of the same database. One subclass per transport.
 */
abstract class ListenerEndToEndTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    final TestDatabase database = TestDatabases.postgres();

    final String topic = TestNames.unique("stock");

    /** The transport's auto-configurations and connection. */
    abstract ApplicationContextRunner withTransport(ApplicationContextRunner runner);

    /** The service under test, with a single partition of its topic: one queue per group on RabbitMQ. */
    abstract ApplicationContextRunner serviceOnOnePartition() throws Exception;

    /** The service under test, connected to its transport. */
    ApplicationContextRunner service() {
        return withTransport(application());
    }

    /** The service under test, without its transport. */
    ApplicationContextRunner application() {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    ReliableMessagingAutoConfiguration.class, OutboxRelayAutoConfiguration.class,
                    IdempotencyGuardAutoConfiguration.class, DeadLetterAutoConfiguration.class,
                    ReliableListenerAutoConfiguration.class))
            .withBean(JdbcConnectionDetails.class, database::connectionDetails)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Inventory.class)
            .withBean(Audit.class)
            // With the JDBC guard each handler at work holds a connection: the pool must exceed the concurrency.
            .withPropertyValues("test.topic=" + topic, "reliable-messaging.relay.poll-interval=100ms",
                    "spring.datasource.hikari.maximum-pool-size=40");
    }

    @BeforeEach
    void createEffectTable() {
        try (var dataSource = database.dataSource()) {
            new JdbcTemplate(dataSource).execute("CREATE TABLE stock_effect (id BIGSERIAL PRIMARY KEY, message_id "
                    + "VARCHAR(64) NOT NULL, sku VARCHAR(64) NOT NULL, seq BIGINT NOT NULL, at TIMESTAMP NOT NULL "
                    + "DEFAULT clock_timestamp())");
        }
    }

    @MessageType("stock-change")
    record StockChange(String id, int delta) {
    }

    /** Reserves stock: the effect is a row in the same transaction as the idempotency marker. */
    static class Inventory {

        final JdbcTemplate jdbc;

        final Set<String> poison = ConcurrentHashMap.newKeySet();

        final AtomicInteger running = new AtomicInteger();

        final AtomicInteger mostRunning = new AtomicInteger();

        /** Runs after a message's effect is written, before its transaction commits and it is acknowledged. */
        volatile Runnable afterEffect = () -> {
        };

        Inventory(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @ReliableListener(topic = "${test.topic}", group = "inventory", concurrency = 16, maxAttempts = 3,
                backoff = "100ms")
        void on(StockChange change, MessageContext context) throws InterruptedException {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                if (poison.contains(change.id())) {
                    throw new IllegalStateException("cannot reserve stock for " + change.id());
                }
                jdbc.update("INSERT INTO stock_effect (message_id, sku, seq) VALUES (?, ?, ?)", context.messageId(),
                        context.key(), context.sequence());
                afterEffect.run();
            }
            finally {
                running.decrementAndGet();
            }
        }
    }

    /** A second group on the same topic, counting what it receives. */
    static class Audit {

        final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

        @ReliableListener(topic = "${test.topic}", group = "audit", idempotent = Idempotency.NONE)
        void on(StockChange change) {
            received.computeIfAbsent(change.id(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    void eachKeyIsHandledInOrderWhileManyKeysRunAtOnce() {
        service().run(context -> {
            assertThat(context).hasNotFailed();
            publish(context, 100, 100);

            await().atMost(PATIENCE).until(() -> effects(context) == 10_000);
            Map<String, List<Long>> sequences = jdbc(context).query("SELECT sku, seq FROM stock_effect ORDER BY id",
                    rs -> {
                        Map<String, List<Long>> bySku = new ConcurrentHashMap<>();
                        while (rs.next()) {
                            bySku.computeIfAbsent(rs.getString(1), k -> new CopyOnWriteArrayList<>()).add(rs.getLong(2));
                        }
                        return bySku;
                    });
            assertThat(sequences).hasSize(100);
            sequences.forEach((sku, seqs) -> assertThat(seqs).as(sku).hasSize(100).isSorted().doesNotHaveDuplicates());
            assertThat(context.getBean(Inventory.class).mostRunning.get()).as("keys handled at once").isGreaterThan(1);
        });
    }

    /** Records when each message of a key ran, as a group of its own with eight at a time. */
    static class Timeline {

        static final int CONCURRENCY = 8;

        record Run(String key, long seq, long startNanos, long endNanos) {
        }

        final List<Run> runs = new CopyOnWriteArrayList<>();

        @ReliableListener(topic = "${test.topic}", group = "timeline", ordering = Ordering.KEY,
                concurrency = CONCURRENCY, idempotent = Idempotency.NONE)
        void on(StockChange change, MessageContext context) throws InterruptedException {
            long start = System.nanoTime();
            Thread.sleep(3);
            runs.add(new Run(context.key(), context.sequence(), start, System.nanoTime()));
        }

        /** The most runs that overlapped at one moment. */
        int mostAtOnce() {
            List<long[]> edges = new ArrayList<>();
            for (Run run : runs) {
                edges.add(new long[] { run.startNanos(), 1 });
                edges.add(new long[] { run.endNanos(), -1 });
            }
            // An end before a start at the same instant: touching runs do not overlap.
            edges.sort(Comparator.<long[]>comparingLong(edge -> edge[0]).thenComparingLong(edge -> edge[1]));
            int running = 0;
            int most = 0;
            for (long[] edge : edges) {
                running += (int) edge[1];
                most = Math.max(most, running);
            }
            return most;
        }
    }

    @Test
    void onOnePartitionManyKeysRunAtOnceAndEachKeyRunsOneAtATimeInOrderWithNoneMissing() throws Exception {
        serviceOnOnePartition().withBean(Timeline.class).run(context -> {
            assertThat(context).hasNotFailed();
            publish(context, 50, 20);

            Timeline timeline = context.getBean(Timeline.class);
            await().atMost(PATIENCE).until(() -> timeline.runs.size() >= 1000);
            Map<String, List<Timeline.Run>> byKey = timeline.runs.stream().collect(Collectors.groupingBy(
                    Timeline.Run::key, Collectors.collectingAndThen(Collectors.toList(), runs -> runs.stream()
                        .sorted(Comparator.comparingLong(Timeline.Run::startNanos)).toList())));
            assertThat(byKey).hasSize(50);
            byKey.forEach((key, runs) -> {
                assertThat(runs).extracting(Timeline.Run::seq).as(key)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
                for (int i = 1; i < runs.size(); i++) {
                    assertThat(runs.get(i).startNanos()).as("%s seq %d starts after seq %d ended", key, i + 1, i)
                        .isGreaterThanOrEqualTo(runs.get(i - 1).endNanos());
                }
            });
            assertThat(timeline.mostAtOnce()).as("keys handled at the same moment")
                .isGreaterThan(1).isLessThanOrEqualTo(Timeline.CONCURRENCY);
        });
    }

    @Test
    void aMessageDeliveredTwiceHasOneEffect() {
        service().run(this::deliverTwiceAndCountEffects);
    }

    @Test
    void theRedisGuardSkipsDuplicatesToo() {
        service().withUserConfiguration(RedisTestService.class)
            .withPropertyValues("reliable-messaging.idempotency.store=redis",
                    "reliable-messaging.idempotency.redis-key-prefix=" + TestNames.unique("rm") + ":")
            .run(this::deliverTwiceAndCountEffects);
    }

    private void deliverTwiceAndCountEffects(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        List<OutboundMessage> messages = List.of(change("sku-1", "a", 1), change("sku-1", "b", 2),
                change("sku-2", "c", 1));
        send(context, messages);
        send(context, messages);

        await().atMost(PATIENCE).until(() -> duplicatesSkipped(context) >= 3);
        assertThat(effects(context)).isEqualTo(3);
        assertThat(jdbc(context).queryForList("SELECT message_id FROM stock_effect", String.class))
            .containsExactlyInAnyOrderElementsOf(messages.stream().map(m -> m.id().toString()).toList());
        assertThat(context.getBean(MeterRegistry.class).get("reliable.messaging.listener.in.flight")
            .tag("group", "inventory").gauge().value()).isZero();
    }

    @Test
    void aPoisonMessageIsRetriedThenDeadLetteredWhileOtherKeysFlowAndItsReplayReachesOnlyItsGroup() {
        service().run(context -> {
            assertThat(context).hasNotFailed();
            Inventory inventory = context.getBean(Inventory.class);
            inventory.poison.add("poison");
            ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
            inTransaction(context, () -> publisher.publish(topic, "sku-poison", new StockChange("poison", 1)));
            for (int i = 0; i < 20; i++) {
                int n = i;
                inTransaction(context, () -> publisher.publish(topic, "sku-" + (n % 5), new StockChange("ok-" + n, 1)));
            }

            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            DeadLetterQuery inventoryLetters = DeadLetterQuery.all().group("inventory");
            await().atMost(PATIENCE).until(() -> deadLetters.count(inventoryLetters) == 1);
            DeadLetter letter = deadLetters.list(inventoryLetters).get(0);
            assertThat(letter.errorMessage()).isEqualTo("cannot reserve stock for poison");
            assertThat(letter.attempts()).isEqualTo(3);
            await().atMost(PATIENCE).until(() -> effects(context) == 20);
            Instant firstEffect = jdbc(context).queryForObject("SELECT MIN(at) FROM stock_effect", Instant.class);
            assertThat(firstEffect).as("other keys flowed during the retries").isBefore(letter.lastFailedAt());

            inventory.poison.clear();
            assertThat(deadLetters.replay(letter.id())).isTrue();
            await().atMost(PATIENCE).until(() -> effects(context) == 21);
            Audit audit = context.getBean(Audit.class);
            await().during(Duration.ofSeconds(1)).atMost(PATIENCE)
                .until(() -> audit.received.get("poison").get() == 1);
        });
    }

    @Test
    void malformedPayloadsAndUnknownTypesAreDeadLetteredAtOnceAndTheKeyMovesOn() {
        service().run(context -> {
            assertThat(context).hasNotFailed();
            send(context, List.of(raw("sku-1", "stock-change", "{not json"), raw("sku-1", "price-change", "{}"),
                    change("sku-1", "after", 1)));

            await().atMost(PATIENCE).until(() -> effects(context) == 1);
            DeadLetters deadLetters = context.getBean(DeadLetters.class);
            await().atMost(PATIENCE).until(() -> deadLetters.count(DeadLetterQuery.all().group("inventory")) == 2);
            assertThat(deadLetters.list(DeadLetterQuery.all().group("inventory")))
                .allSatisfy(letter -> assertThat(letter.attempts()).isEqualTo(1))
                .extracting(DeadLetter::errorMessage)
                .anySatisfy(message -> assertThat(message).contains("malformed stock-change payload"))
                .anySatisfy(message -> assertThat(message).contains("unknown type 'price-change'"));
        });
    }

    @Test
    void aMessageThatExpiredBeforeItsListenersReceivedItIsDeadLetteredUnhandledAndItsKeyMovesOn() {
        AdvancingClock clock = new AdvancingClock();
        service().withBean(Clock.class, () -> clock).run(context -> {
            assertThat(context).hasNotFailed();
            ListenerContainers listeners = context.getBean(ListenerContainers.class);
            listeners.stop();
            ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
            // Whole milliseconds, which the outbox stores as they are.
            Instant expiry = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
            UUID stale = inTransaction(context, () -> publisher.publish(Message.to(topic).key("sku-1")
                .payload(new StockChange("stale", 1)).expiresAt(expiry)));
            inTransaction(context, () -> publisher.publish(topic, "sku-1", new StockChange("fresh", 1)));
            await().atMost(PATIENCE).until(() -> ApplicationOutbox.pending(context) == 0);
            assertThat(jdbc(context).queryForObject("SELECT COUNT(*) FROM rm_outbox", Long.class))
                .as("rows the relay did not send").isZero();

            // The listeners come back after the expiry: the message expired in transit.
            clock.advance(Duration.ofHours(2));
            listeners.start();

            Audit audit = context.getBean(Audit.class);
            await().atMost(PATIENCE).until(() -> audit.received.containsKey("fresh")
                    && jdbc(context).queryForObject("SELECT COUNT(*) FROM stock_effect WHERE seq = 2", Long.class) == 1);
            assertThat(effects(context)).as("effects of the expired message").isEqualTo(1);
            assertThat(audit.received).containsOnlyKeys("fresh");
            List<DeadLetter> letters = context.getBean(DeadLetters.class).list(DeadLetterQuery.all());
            assertThat(letters).extracting(DeadLetter::group).containsExactlyInAnyOrder("inventory", "audit");
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.errorClass()).isEqualTo(MessageExpiredException.class.getName());
                assertThat(letter.errorMessage()).startsWith("expired at " + expiry);
                assertThat(letter.messageId()).isEqualTo(stale.toString());
                assertThat(letter.attempts()).isZero();
            });
        });
    }

    @Test
    void theTraceAroundAPublishContinuesInEachGroupsListener() {
        SimpleTracer tracer = new SimpleTracer();
        service().withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                MicrometerTracingAutoConfiguration.class))
            .withBean(Tracer.class, () -> tracer)
            .withBean(Propagator.class, () -> new TraceparentPropagator(tracer))
            .run(context -> {
                assertThat(context).hasNotFailed();
                ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
                Observation.createNotStarted("checkout", context.getBean(ObservationRegistry.class))
                    .observe(() -> inTransaction(context, () -> publisher.publish(topic, "sku-1",
                            new StockChange("traced", 1))));

                await().atMost(PATIENCE).until(() -> spans(tracer, topic + " receive").size() == 2);
                SimpleSpan checkout = spans(tracer, "checkout").get(0);
                SimpleSpan publish = spans(tracer, topic + " publish").get(0);
                assertThat(publish.getTraceId()).isEqualTo(checkout.getTraceId());
                assertThat(spans(tracer, topic + " receive")).allSatisfy(receive -> {
                    assertThat(receive.getKind()).isEqualTo(Span.Kind.CONSUMER);
                    assertThat(receive.getTraceId()).isEqualTo(checkout.getTraceId());
                    assertThat(receive.getParentId()).isEqualTo(publish.getSpanId());
                    assertThat(receive.getTags()).containsEntry("outcome", "handled");
                })
                    .extracting(receive -> receive.getTags().get("group"))
                    .containsExactlyInAnyOrder("inventory", "audit");
            });
    }

    private static List<SimpleSpan> spans(SimpleTracer tracer, String name) {
        return tracer.getSpans().stream().filter(span -> name.equals(span.getName())).toList();
    }

    void publish(ApplicationContext context, int keys, int perKey) {
        ReliablePublisher publisher = context.getBean(ReliablePublisher.class);
        for (int n = 0; n < perKey; n++) {
            int round = n;
            inTransaction(context, () -> {
                for (int k = 0; k < keys; k++) {
                    publisher.publish(topic, "sku-" + k, new StockChange(k + "-" + round, 1));
                }
                return null;
            });
        }
    }

    /** Waits for {@code latch}, as a handler held back by a test does. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held back", ex);
        }
    }

    /** Sends straight to the broker, as a redelivery or another producer would. */
    void send(ApplicationContext context, List<OutboundMessage> messages) {
        List<SendOutcome> outcomes = context.getBean(MessageSender.class).send(messages).join();
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CONFIRMED));
    }

    OutboundMessage change(String sku, String id, long sequence) {
        return message(sku, "stock-change", "{\"id\":\"" + id + "\",\"delta\":1}", sequence);
    }

    OutboundMessage raw(String sku, String type, String payload) {
        return message(sku, type, payload, 1);
    }

    private OutboundMessage message(String sku, String type, String payload, long sequence) {
        return new OutboundMessage(UUID.randomUUID(), topic, sku, sequence, type, Map.of(),
                payload.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    static long effects(ApplicationContext context) {
        return jdbc(context).queryForObject("SELECT COUNT(*) FROM stock_effect", Long.class);
    }

    static double duplicatesSkipped(ApplicationContext context) {
        return context.getBean(MeterRegistry.class).find("reliable.messaging.listener.duplicates")
            .tag("group", "inventory").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    static JdbcTemplate jdbc(ApplicationContext context) {
        return ApplicationOutbox.jdbc(context);
    }

}
