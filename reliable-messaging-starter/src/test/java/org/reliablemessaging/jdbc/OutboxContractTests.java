package org.reliablemessaging.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.InvalidMessageException;
import org.reliablemessaging.Message;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.TransactionRequiredException;
import org.reliablemessaging.testservices.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every supported database must do on the publish side; one subclass per database.
 */
abstract class OutboxContractTests {

    private OutboxTestDatabase db;

    private ReliablePublisher publisher;

    private final AtomicInteger commitSignals = new AtomicInteger();

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        db = new OutboxTestDatabase(newDatabase());
        publisher = db.publisher(commitSignals::incrementAndGet);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @MessageType("order-placed")
    record OrderPlaced(String orderId, int quantity) {
    }

    @Test
    void publishWritesARowInTheCallersTransaction() {
        UUID id = db.inTransaction(() -> publisher.publish(Message.to("orders").key("sku-1")
            .payload(new OrderPlaced("o-1", 3)).header("tenant", "acme")));

        List<Map<String, Object>> rows = db.outboxRows();
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("message_id")).isEqualTo(id.toString());
        assertThat(row.get("topic")).isEqualTo("orders");
        assertThat(row.get("msg_key")).isEqualTo("sku-1");
        assertThat(((Number) row.get("seq")).longValue()).isEqualTo(1);
        assertThat(row.get("type")).isEqualTo("order-placed");
        assertThat(row.get("status")).isEqualTo("PENDING");
        assertThat(HeadersJson.read(text(row.get("headers")))).isEqualTo(Map.of("tenant", "acme"));
        assertThat(new String(payload(row), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\",\"quantity\":3}");
        assertThat(commitSignals).hasValue(1);
    }

    @Test
    void rollbackLeavesNothingAndSignalsNothing() {
        assertThatThrownBy(() -> db.inTransaction(() -> {
            publisher.publish("orders", "sku-1", new OrderPlaced("o-1", 1));
            throw new IllegalStateException("business failure");
        })).hasMessage("business failure");

        assertThat(db.outboxRows()).isEmpty();
        assertThat(commitSignals).hasValue(0);
    }

    @Test
    void publishWithoutTransactionIsRefusedWithAnExplanation() {
        assertThatThrownBy(() -> publisher.publish("orders", "sku-1", new OrderPlaced("o-1", 1)))
            .isInstanceOf(TransactionRequiredException.class)
            .hasMessageContaining("no transaction is active")
            .hasMessageContaining("@Transactional");
        assertThat(db.outboxRows()).isEmpty();
    }

    @Test
    void invalidMessagesWriteNothing() {
        assertThatThrownBy(() -> db.inTransaction(() -> publisher.publish("bad topic", "k", "x")))
            .isInstanceOf(InvalidMessageException.class);
        assertThat(db.outboxRows()).isEmpty();
    }

    /** A publish that must be refused, what it must throw, and a part of the message that says why. */
    record Refusal(String what, java.util.function.Supplier<UUID> publish, Class<? extends RuntimeException> type,
            String reason) {
    }

    @MessageType("not a valid type name!")
    record BadlyNamed(String id) {
    }

    /** A payload Jackson cannot write: its one property fails. */
    static final class Unwritable {

        public String getValue() {
            throw new IllegalStateException("no value yet");
        }
    }

    @Test
    void everyInvalidArgumentIsRefusedClearlyAndNothingIsWrittenEvenIfTheCallerCommitsAnyway() {
        Instant now = Instant.now();
        Map<String, Object> cyclic = new java.util.HashMap<>();
        cyclic.put("self", cyclic);
        Message valid = Message.to("orders").key("sku-1").payload(new OrderPlaced("o-1", 1));
        List<Refusal> refusals = new ArrayList<>();
        for (String topic : List.of("", " ", "rm_; DROP TABLE x; --", "orders'", "ord\"ers", "../etc", "a/b", "a\\b",
                "a b", "a#b", "a*b", "a\u0000b", "ordérs", "\u202Eorders", ".", "..", "t".repeat(250))) {
            refusals.add(new Refusal("topic " + topic, () -> publisher.publish(topic, "k", new OrderPlaced("o", 1)),
                    InvalidMessageException.class, "must be 1 to 249 characters"));
        }
        refusals.add(new Refusal("null topic", () -> publisher.publish(null, "k", "x"), NullPointerException.class,
                "topic must not be null"));
        refusals.add(new Refusal("blank key", () -> publisher.publish("orders", " ", "x"),
                InvalidMessageException.class, "key must not be blank"));
        refusals.add(new Refusal("key too long", () -> publisher.publish("orders", "k".repeat(256), "x"),
                InvalidMessageException.class, "more than the maximum of 255"));
        refusals.add(new Refusal("key with NUL", () -> publisher.publish("orders", "a\u0000b", "x"),
                InvalidMessageException.class, "NUL"));
        refusals.add(new Refusal("key with an unpaired surrogate", () -> publisher.publish("orders", "a\uD800", "x"),
                InvalidMessageException.class, "unpaired surrogate"));
        refusals.add(new Refusal("null payload", () -> publisher.publish("orders", "k", null),
                InvalidMessageException.class, "payload must not be null"));
        refusals.add(new Refusal("payload too large", () -> publisher.publish("orders", "k", "x".repeat(1_100_000)),
                InvalidMessageException.class, "max-payload-size"));
        refusals.add(new Refusal("unserializable payload", () -> publisher.publish("orders", "k", new Unwritable()),
                InvalidMessageException.class, "Cannot serialize a " + Unwritable.class.getName()));
        refusals.add(new Refusal("cyclic payload", () -> publisher.publish("orders", "k", cyclic),
                InvalidMessageException.class, "Cannot serialize"));
        refusals.add(new Refusal("invalid type", () -> publisher.publish(valid.type("java.lang.Runtime; rm -rf")),
                InvalidMessageException.class, "type 'java.lang.Runtime; rm -rf' must be"));
        refusals.add(new Refusal("invalid @MessageType", () -> publisher.publish("orders", "k", new BadlyNamed("b")),
                InvalidMessageException.class, "fix the @MessageType value"));
        refusals.add(new Refusal("reserved header", () -> publisher.publish(valid.header("rm-id", "forged")),
                InvalidMessageException.class, "reserved prefix"));
        refusals.add(new Refusal("invalid header name", () -> publisher.publish(valid.header("x; DROP", "v")),
                InvalidMessageException.class, "header name"));
        refusals.add(new Refusal("header value with NUL", () -> publisher.publish(valid.header("x", "a\u0000")),
                InvalidMessageException.class, "NUL"));
        refusals.add(new Refusal("null header value", () -> publisher.publish(valid.header("x", null)),
                NullPointerException.class, "value of header 'x' must not be null"));
        refusals.add(new Refusal("negative delay", () -> publisher.publish(valid.delay(Duration.ofSeconds(-1))),
                InvalidMessageException.class, "delay must not be negative"));
        refusals.add(new Refusal("expiry before delivery", () -> publisher.publish(valid.delay(Duration.ofHours(1))
            .expiresAt(now.plus(Duration.ofMinutes(30)))), InvalidMessageException.class, "before the message becomes"));
        refusals.add(new Refusal("expiry in the past", () -> publisher.publish(valid.expiresAt(now.minusSeconds(60))),
                InvalidMessageException.class, "before the message becomes"));

        for (Refusal refusal : refusals) {
            RuntimeException[] thrown = new RuntimeException[1];
            // The caller swallows the exception and commits: still nothing may have been written.
            db.inTransaction(() -> {
                try {
                    refusal.publish().get();
                }
                catch (RuntimeException ex) {
                    thrown[0] = ex;
                }
                return null;
            });
            assertThat(thrown[0]).as(refusal.what()).isInstanceOf(refusal.type()).hasMessageContaining(refusal.reason());
            assertThat(db.outboxRows()).as(refusal.what() + ": outbox rows").isEmpty();
            assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.outboxKey(), Integer.class))
                .as(refusal.what() + ": key rows").isZero();
        }
        assertThat(commitSignals).as("nothing to relay was committed").hasValue(0);
    }

    @Test
    void sequencesCountPerKeyAndOneTransactionSignalsOnce() {
        db.inTransaction(() -> {
            publisher.publish("orders", "a", 1);
            publisher.publish("orders", "a", 2);
            publisher.publish("orders", "b", 3);
            publisher.publish("stock", "a", 4);
            return publisher.publish("orders", null, 5);
        });
        db.inTransaction(() -> publisher.publish("orders", "a", 6));

        assertThat(db.outboxRows()).extracting(row -> row.get("topic") + "/" + row.get("msg_key") + "#" + row.get("seq"))
            .containsExactly("orders/a#1", "orders/a#2", "orders/b#1", "stock/a#1", "orders/null#0", "orders/a#3");
        assertThat(commitSignals).hasValue(2);
    }

    @Test
    void delayDeliveryTimeAndExpiryAreStored() {
        Instant deliverAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = deliverAt.plus(1, ChronoUnit.HOURS);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        db.inTransaction(() -> {
            publisher.publish(Message.to("t").key("k").payload(0));
            publisher.publish(Message.to("t").key("k").payload(1).delay(Duration.ofMinutes(10)));
            return publisher.publish(Message.to("t").key("k").payload(2).deliverAt(deliverAt).expiresAt(expiresAt));
        });

        List<Map<String, String>> rows = db.jdbc.query("SELECT available_at, expires_at FROM " + db.tables.outbox()
                + " ORDER BY id", (rs, n) -> Map.of("available", String.valueOf(db.dialect.getInstant(rs, "available_at")),
                        "expires", String.valueOf(db.dialect.getInstant(rs, "expires_at"))));
        assertThat(rows.get(0)).as("immediate: deliverable once committed").containsEntry("available", "null");
        rows = rows.subList(1, rows.size());
        assertThat(Instant.parse(rows.get(0).get("available"))).isBetween(before.plus(Duration.ofMinutes(10)),
                Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(rows.get(1)).containsEntry("available", deliverAt.toString()).containsEntry("expires", expiresAt.toString());
    }

    @Test
    void concurrentWritersOfOneKeyGetSequencesInCommitOrder() throws Exception {
        int writers = 8;
        int perWriter = 10;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        db.inTransaction(() -> {
                            UUID id = publisher.publish("orders", "hot", "x");
                            // Hold the transaction open so writers really overlap.
                            sleep(ThreadLocalRandom.current().nextInt(3));
                            return id;
                        });
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        List<Long> sequencesInIdOrder = db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox()
                + " WHERE msg_key = 'hot' ORDER BY id", Long.class);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= writers * perWriter; s++) {
            expected.add(s);
        }
        assertThat(sequencesInIdOrder).containsExactlyElementsOf(expected);
    }

    /** What the relay's key cleanup leaves: no key row, and the topic's floor at the highest sequence it deleted. */
    @Test
    void aKeyWithoutARowStartsAboveItsTopicsFloor() {
        db.inTransaction(() -> {
            publisher.publish("orders", "a", 1);
            return publisher.publish("orders", "a", 2);
        });
        db.jdbc.update("DELETE FROM " + db.tables.outboxKey() + " WHERE topic = 'orders' AND msg_key = 'a'");
        db.jdbc.update("INSERT INTO " + db.tables.outboxSeqFloor() + " (topic, seq_floor) VALUES ('orders', 40)");

        db.inTransaction(() -> {
            publisher.publish("orders", "a", 3);
            publisher.publish("orders", "a", 4);
            publisher.publish("orders", "new", 5);
            return publisher.publish("stock", "a", 6);
        });
        db.inTransaction(() -> publisher.publish("orders", "a", 7));

        assertThat(db.outboxRows()).extracting(row -> row.get("topic") + "/" + row.get("msg_key") + "#" + row.get("seq"))
            .containsExactly("orders/a#1", "orders/a#2", "orders/a#41", "orders/a#42", "orders/new#41", "stock/a#1",
                    "orders/a#43");
    }

    /**
     * Order ids as keys: every publish creates a key row, next to the one created just before. An
     * UPDATE of the missing row followed by an INSERT deadlocks on InnoDB at REPEATABLE READ, where
     * both publishers lock the gap before inserting into it.
     */
    @Test
    void concurrentPublishersOfNewKeysDoNotDeadlock() throws Exception {
        db.jdbc.update("INSERT INTO " + db.tables.outboxSeqFloor() + " (topic, seq_floor) VALUES ('orders', 7)");
        int writers = 8;
        int perWriter = 25;
        AtomicInteger orderIds = new AtomicInteger(100_000);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        db.inTransaction(() -> {
                            UUID id = publisher.publish("orders", "order-" + orderIds.incrementAndGet(), "x");
                            sleep(ThreadLocalRandom.current().nextInt(3));
                            return id;
                        });
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox(), Long.class))
            .hasSize(writers * perWriter).containsOnly(8L);
    }

    @Test
    void migrationsAreRepeatableAndPrefixesKeepOutboxesApart() {
        OutboxTables billing = new OutboxTables("billing_rm_");
        new OutboxSchemaInitializer(db.dataSource, db.dialect, billing).afterPropertiesSet();
        new OutboxSchemaInitializer(db.dataSource, db.dialect, db.tables).afterPropertiesSet();

        db.inTransaction(() -> publisher.publish("orders", "a", 1));

        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM " + billing.outbox(), Integer.class)).isZero();
        assertThat(db.outboxRows()).hasSize(1);
    }

    private static String text(Object column) {
        try {
            return column instanceof java.sql.Clob clob ? clob.getSubString(1, (int) clob.length()) : (String) column;
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] payload(Map<String, Object> row) {
        try {
            Object payload = row.get("payload");
            return payload instanceof java.sql.Blob blob ? blob.getBytes(1, (int) blob.length()) : (byte[]) payload;
        }
        catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
