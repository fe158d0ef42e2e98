package org.reliablemessaging.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.autoconfigure.ReliableMessagingProperties;
import org.reliablemessaging.jdbc.JdbcHeldKeys;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.util.ReflectionUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * A listener records the key it holds back while it retries, in a table every instance shares, and
 * dead-letters the message at once when an operator asks for it there, instead of waiting out its
 * backoff; the row goes when the key moves on.
 */
class HeldKeysTests {

    private final List<FailedMessage> deadLetters = new CopyOnWriteArrayList<>();

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** Stops listeners still retrying, before their database goes. */
    @AfterEach
    void stopListeners() throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join();
        }
        threads.clear();
    }

    static class Failing {

        @ReliableListener(topic = "orders", group = "inventory", maxAttempts = 5, backoff = "10m")
        void on(String payload) {
            throw new IllegalStateException("stock service down");
        }
    }

    static class FailsOnce {

        volatile int calls;

        @ReliableListener(topic = "orders", group = "inventory", maxAttempts = 5, backoff = "1ms")
        void on(String payload) {
            if (calls++ == 0) {
                throw new IllegalStateException("stock service down");
            }
        }
    }

    static Stream<Supplier<TestDatabase>> databases() {
        return Stream.of(TestDatabases::h2, TestDatabases::postgres, TestDatabases::mariadb);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anOperatorsRequestDeadLettersTheHeldMessageOnItsOwningInstanceOnly(Supplier<TestDatabase> database)
            throws Exception {
        try (OutboxTestDatabase db = new OutboxTestDatabase(database.get())) {
            JdbcHeldKeys owner = new JdbcHeldKeys(db.database, Clock.systemUTC());
            JdbcHeldKeys other = new JdbcHeldKeys(db.database, Clock.systemUTC());
            CompletableFuture<Void> onOwner = process(owner, new Failing(), "sku-1");
            CompletableFuture<Void> onOther = process(other, new Failing(), "sku-2");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> heldRows(db).size() == 2);
            Map<String, Object> row = heldRows(db).stream().filter(r -> "sku-1".equals(r.get("msg_key"))).findFirst()
                .orElseThrow();
            assertThat(row.get("group_name")).isEqualTo("inventory");
            assertThat(row.get("instance_id")).isEqualTo(owner.instanceId());
            assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
            assertThat((String) row.get("last_error")).contains("stock service down");

            db.jdbc.update("UPDATE " + db.tables.heldKey() + " SET dead_letter_requested_at = CURRENT_TIMESTAMP, "
                    + "dead_letter_requested_by = 'alice', dead_letter_reason = 'known bad SKU' WHERE msg_key = 'sku-1'");

            onOwner.get(15, TimeUnit.SECONDS);
            assertThat(deadLetters).singleElement().satisfies(letter -> {
                assertThat(letter.message().key()).isEqualTo("sku-1");
                assertThat(letter.attempts()).isEqualTo(1);
                assertThat(letter.error()).isInstanceOf(NonRetryableException.class)
                    .hasMessage("Dead-lettered by alice through the operations console: known bad SKU")
                    .hasRootCauseMessage("stock service down");
            });
            assertThat(heldRows(db)).extracting(r -> r.get("msg_key")).containsExactly("sku-2");
            assertThat(onOther).isNotDone();
            stopListeners();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theRowGoesWhenTheRetriedMessageSucceeds(Supplier<TestDatabase> database) throws Exception {
        try (OutboxTestDatabase db = new OutboxTestDatabase(database.get())) {
            JdbcHeldKeys heldKeys = new JdbcHeldKeys(db.database, Clock.systemUTC());
            FailsOnce handler = new FailsOnce();

            processor(heldKeys, handler).process(message("sku-1"), new Semaphore(1));

            assertThat(handler.calls).isEqualTo(2);
            assertThat(deadLetters).isEmpty();
            assertThat(heldRows(db)).isEmpty();
        }
    }

    private CompletableFuture<Void> process(JdbcHeldKeys heldKeys, Failing handler, String key) {
        ListenerMessageProcessor processor = processor(heldKeys, handler);
        // A thread of its own: the common pool may have a single thread, which the first would keep.
        CompletableFuture<Void> done = new CompletableFuture<>();
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                processor.process(message(key), new Semaphore(1));
                done.complete(null);
            }
            catch (InterruptedException | RuntimeException ex) {
                done.completeExceptionally(ex);
            }
        }));
        return done;
    }

    private static List<Map<String, Object>> heldRows(OutboxTestDatabase db) {
        return db.jdbc.queryForList("SELECT * FROM " + db.tables.heldKey());
    }

    private ListenerMessageProcessor processor(JdbcHeldKeys heldKeys, Object handler) {
        ReliableMessagingProperties.Listener defaults = new ReliableMessagingProperties.Listener();
        Method method = ReflectionUtils.findMethod(handler.getClass(), "on", String.class);
        ListenerEndpoint endpoint = new ListenerEndpointFactory(defaults.toSettings()).create(handler, method,
                method.getAnnotation(ReliableListener.class), text -> text);
        return new ListenerMessageProcessor(endpoint, new PayloadConverter(JsonMapper.builder().build(), String.class),
                null, deadLetters::add, ListenerMetrics.NONE, HandlerObservations.NONE, heldKeys, ListenerOutcomes.NONE,
                Clock.systemUTC());
    }

    private static InboundMessage message(String key) {
        Map<String, String> headers = Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(), ReliableHeaders.TYPE,
                "String", ReliableHeaders.KEY, key, ReliableHeaders.SEQUENCE, "1");
        return new InboundMessage("orders", key, headers, "payload".getBytes(StandardCharsets.UTF_8), "orders-0", 0,
                Instant.now());
    }
}
