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
import org.reliablemessaging.test.TestDatabase;

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
        assertThat(HeadersColumn.read(text(row.get("headers")))).isEqualTo(Map.of("tenant", "acme"));
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
