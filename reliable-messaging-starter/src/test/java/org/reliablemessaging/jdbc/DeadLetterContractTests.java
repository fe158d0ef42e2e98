package org.reliablemessaging.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.reliablemessaging.DeadLetter;
import org.reliablemessaging.DeadLetter.Status;
import org.reliablemessaging.DeadLetterQuery;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.testservices.TestDatabase;

/**
 * What every supported database must do with dead letters: keep them intact, find them, replay
 * them to one group through the outbox, skip them; one subclass per database.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class DeadLetterContractTests {

    private static final Instant FIRST_FAILURE = Instant.parse("2025-03-01T10:15:30.123456Z");

    private static final Instant LAST_FAILURE = Instant.parse("2025-03-01T10:16:01.654321Z");

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private OutboxTestDatabase db;

    private JdbcDeadLetterHandler handler;

    private JdbcDeadLetters deadLetters;

    abstract TestDatabase newDatabase();

    /** One migrated database per class, emptied before each test: migrating costs more than the tests. */
    @BeforeAll
    void createDatabase() {
        db = new OutboxTestDatabase(newDatabase());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        handler = new JdbcDeadLetterHandler(db.database, clock);
        deadLetters = new JdbcDeadLetters(db.database, clock);
    }

    @BeforeEach
    void emptyTables() {
        for (String table : List.of(db.tables.deadLetter(), db.tables.outbox(), db.tables.outboxKey())) {
            db.jdbc.update("DELETE FROM " + table);
        }
    }

    @AfterAll
    void closeDatabase() {
        db.close();
    }

    @Test
    void storesAFailedMessageAndReadsItBackFieldByField() {
        UUID messageId = UUID.randomUUID();
        byte[] payload = { '{', 0, (byte) 0xFF, (byte) 0x80, '}' };
        Map<String, String> headers = Map.of(ReliableHeaders.ID, messageId.toString(), ReliableHeaders.TYPE,
                "order-placed", ReliableHeaders.KEY, "sku-1", ReliableHeaders.SEQUENCE, "7", "tenant", "acme");
        InboundMessage message = new InboundMessage("orders", "sku-1", headers, payload, "orders-2", 42, NOW);

        handler.deadLetter(new FailedMessage("inventory", message,
                new CompletionException(new IllegalArgumentException("quantity must be positive, was -1")), 5,
                FIRST_FAILURE, LAST_FAILURE));

        DeadLetter letter = single(DeadLetterQuery.all());
        assertThat(letter.id()).isPositive();
        assertThat(letter.group()).isEqualTo("inventory");
        assertThat(letter.topic()).isEqualTo("orders");
        assertThat(letter.key()).isEqualTo("sku-1");
        assertThat(letter.messageId()).isEqualTo(messageId.toString());
        assertThat(letter.type()).isEqualTo("order-placed");
        assertThat(letter.headers()).isEqualTo(headers);
        assertThat(letter.payload()).isEqualTo(payload);
        assertThat(letter.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(letter.errorMessage()).isEqualTo("quantity must be positive, was -1");
        assertThat(letter.stackExcerpt()).startsWith("java.util.concurrent.CompletionException: ")
            .contains("\n\tat " + DeadLetterContractTests.class.getName())
            .contains("\nCaused by: java.lang.IllegalArgumentException: quantity must be positive, was -1\n");
        assertThat(letter.attempts()).isEqualTo(5);
        assertThat(letter.firstFailedAt()).isEqualTo(FIRST_FAILURE);
        assertThat(letter.lastFailedAt()).isEqualTo(LAST_FAILURE);
        assertThat(letter.status()).isEqualTo(Status.DEAD);
        assertThat(letter.resolvedAt()).isNull();
        assertThat(deadLetters.find(letter.id())).hasValueSatisfying(found -> assertThat(found.id()).isEqualTo(letter.id()));
        assertThat(deadLetters.find(letter.id() + 1000)).isEmpty();
    }

    @Test
    void keepsAForeignMessageWithoutHeadersAndClipsAHugeMessage() {
        String huge = "\0" + "x".repeat(10_000);
        InboundMessage message = new InboundMessage("orders", null, Map.of(), new byte[0], "orders-0", 1, NOW);

        handler.deadLetter(new FailedMessage("inventory", message, new IllegalStateException(huge), 1, null, null));

        DeadLetter letter = single(DeadLetterQuery.all());
        assertThat(letter.key()).isNull();
        assertThat(letter.messageId()).isNull();
        assertThat(letter.type()).isNull();
        assertThat(letter.headers()).isEmpty();
        assertThat(letter.payload()).isEmpty();
        assertThat(letter.errorMessage()).hasSize(4000).startsWith("\uFFFDxxx");
        assertThat(letter.firstFailedAt()).isEqualTo(NOW);
        assertThat(letter.lastFailedAt()).isEqualTo(NOW);
    }

    @Test
    void keepsAForeignMessageWhoseKeyIdAndTypeDoNotFitTheColumns() {
        String longKey = "k\0" + "y".repeat(1000);
        InboundMessage message = new InboundMessage("orders", longKey, Map.of(ReliableHeaders.ID, "i".repeat(100),
                ReliableHeaders.TYPE, "t".repeat(300)), new byte[] { 1 }, "orders-0", 1, NOW);

        handler.deadLetter(new FailedMessage("inventory", message, new IllegalStateException("bad"), 1, NOW, NOW));

        DeadLetter letter = single(DeadLetterQuery.all());
        assertThat(letter.key()).hasSize(255).startsWith("k\uFFFDyyy");
        assertThat(letter.messageId()).hasSize(64);
        assertThat(letter.type()).hasSize(255);
    }

    @Test
    void commitsEachLetterEvenWhenThePoolDoesNotAutoCommit() {
        try (OutboxTestDatabase manual = OutboxTestDatabase.withoutAutoCommit(newDatabase())) {
            new JdbcDeadLetterHandler(manual.database, Clock.systemUTC())
                .deadLetter(failed("inventory", "orders", "k"));

            // Hikari rolls back what a returned connection left uncommitted, so only a commit shows here.
            assertThat(manual.inTransaction(() -> manual.jdbc.queryForObject(
                    "SELECT COUNT(*) FROM " + manual.tables.deadLetter(), Integer.class))).isEqualTo(1);
        }
    }

    @Test
    void listsAndCountsByGroupTopicAndStatusInPages() {
        long a1 = store("inventory", "orders", "a");
        long b1 = store("billing", "orders", "b");
        long a2 = store("inventory", "stock", "c");
        long a3 = store("inventory", "orders", "d");
        long a4 = store("inventory", "orders", "e");
        deadLetters.skip(a4);

        assertThat(ids(DeadLetterQuery.all())).containsExactly(a1, b1, a2, a3);
        assertThat(ids(DeadLetterQuery.all().group("inventory"))).containsExactly(a1, a2, a3);
        assertThat(ids(DeadLetterQuery.all().group("inventory").topic("orders"))).containsExactly(a1, a3);
        assertThat(ids(DeadLetterQuery.all().topic("orders"))).containsExactly(a1, b1, a3);
        assertThat(ids(DeadLetterQuery.all().status(Status.SKIPPED))).containsExactly(a4);
        assertThat(ids(DeadLetterQuery.all().limit(2))).containsExactly(a1, b1);
        assertThat(ids(DeadLetterQuery.all().limit(2).afterId(b1))).containsExactly(a2, a3);
        assertThat(ids(DeadLetterQuery.all().limit(2).afterId(a3))).isEmpty();

        assertThat(deadLetters.count(DeadLetterQuery.all())).isEqualTo(4);
        assertThat(deadLetters.count(DeadLetterQuery.all().group("inventory").topic("orders"))).isEqualTo(2);
        assertThat(deadLetters.count(DeadLetterQuery.all().status(Status.SKIPPED))).isEqualTo(1);
        assertThat(deadLetters.count(DeadLetterQuery.all().group("shipping"))).isZero();
        assertThat(deadLetters.count(DeadLetterQuery.all().limit(1).afterId(a3))).as("paging is ignored").isEqualTo(4);
    }

    @Test
    void replayWritesOneOutboxRowToTheGroupsRetryTopicAndMarksTheLetter() {
        UUID originalId = UUID.randomUUID();
        byte[] payload = "{\"orderId\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);
        handler.deadLetter(new FailedMessage("inventory", new InboundMessage("orders", "sku-1",
                Map.of(ReliableHeaders.ID, originalId.toString(), ReliableHeaders.TYPE, "order-placed",
                        ReliableHeaders.KEY, "sku-1", ReliableHeaders.SEQUENCE, "3", "tenant", "acme"),
                payload, "orders-1", 9, NOW), new IllegalStateException("down"), 5, FIRST_FAILURE, LAST_FAILURE));
        long id = single(DeadLetterQuery.all()).id();

        assertThat(deadLetters.replay(id)).isTrue();

        List<OutboxRow> rows = outboxRows();
        assertThat(rows).hasSize(1);
        OutboxRow row = rows.get(0);
        assertThat(row.topic()).isEqualTo("orders.inventory.retry");
        assertThat(row.key()).isEqualTo("sku-1");
        assertThat(row.type()).isEqualTo("order-placed");
        assertThat(row.payload()).isEqualTo(payload);
        assertThat(row.headers()).isEqualTo(Map.of("tenant", "acme", ReliableHeaders.ORIGINAL_ID, originalId.toString()));
        assertThat(row.messageId()).isNotEqualTo(originalId.toString());
        assertThat(UUID.fromString(row.messageId()).version()).isEqualTo(7);
        assertThat(row.status()).isEqualTo("PENDING");
        DeadLetter replayed = deadLetters.find(id).orElseThrow();
        assertThat(replayed.status()).isEqualTo(Status.REPLAYED);
        assertThat(replayed.resolvedAt()).isEqualTo(NOW);

        assertThat(deadLetters.replay(id)).as("a second replay").isFalse();
        assertThat(deadLetters.skip(id)).as("skipping a replayed letter").isFalse();
        assertThat(outboxRows()).hasSize(1);
        assertThat(deadLetters.find(id).orElseThrow().status()).isEqualTo(Status.REPLAYED);
    }

    @Test
    void aReplayedMessageThatDiesAgainIsReplayedUnderItsFirstId() {
        String firstId = UUID.randomUUID().toString();
        handler.deadLetter(new FailedMessage("inventory", new InboundMessage("orders.inventory.retry", null,
                Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(), ReliableHeaders.ORIGINAL_ID, firstId),
                new byte[] { 1 }, "p", 0, NOW), new IllegalStateException("again"), 5, NOW, NOW));

        assertThat(deadLetters.replay(single(DeadLetterQuery.all()).id())).isTrue();

        OutboxRow row = outboxRows().get(0);
        assertThat(row.headers()).isEqualTo(Map.of(ReliableHeaders.ORIGINAL_ID, firstId));
        assertThat(row.key()).isNull();
        assertThat(row.type()).isEmpty();
    }

    @Test
    void concurrentReplaysOfOneLetterWriteOneRow() throws Exception {
        long id = store("inventory", "orders", "k");
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> replays = executor.invokeAll(List.of(() -> deadLetters.replay(id),
                    () -> deadLetters.replay(id), () -> deadLetters.replay(id), () -> deadLetters.replay(id)));
            long replayed = 0;
            for (Future<Boolean> replay : replays) {
                replayed += replay.get() ? 1 : 0;
            }
            assertThat(replayed).isEqualTo(1);
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(outboxRows()).hasSize(1);
    }

    @Test
    void replayJoinsTheCallersTransaction() {
        long id = store("inventory", "orders", "k");

        assertThatThrownBy(() -> db.inTransaction(() -> {
            deadLetters.replay(id);
            throw new IllegalStateException("operator changed their mind");
        })).hasMessage("operator changed their mind");

        assertThat(outboxRows()).isEmpty();
        assertThat(deadLetters.find(id).orElseThrow().status()).isEqualTo(Status.DEAD);
    }

    @Test
    void skipMarksTheLetterAndSendsNothing() {
        long id = store("inventory", "orders", "k");

        assertThat(deadLetters.skip(id)).isTrue();

        DeadLetter skipped = deadLetters.find(id).orElseThrow();
        assertThat(skipped.status()).isEqualTo(Status.SKIPPED);
        assertThat(skipped.resolvedAt()).isEqualTo(NOW);
        assertThat(deadLetters.skip(id)).isFalse();
        assertThat(deadLetters.replay(id)).isFalse();
        assertThat(outboxRows()).isEmpty();
    }

    @Test
    void replayAndSkipByFilterTakeTheFirstPageOfMatchingDeadLetters() {
        long a1 = store("inventory", "orders", "a");
        long b1 = store("billing", "orders", "b");
        long a2 = store("inventory", "stock", "c");
        long a3 = store("inventory", "orders", "d");
        long a4 = store("inventory", "orders", "e");

        assertThat(deadLetters.replay(DeadLetterQuery.all().group("inventory").topic("orders").limit(2))).isEqualTo(2);

        assertThat(outboxRows()).extracting(row -> row.topic() + "/" + row.key())
            .containsExactly("orders.inventory.retry/a", "orders.inventory.retry/d");
        assertThat(ids(DeadLetterQuery.all())).containsExactly(b1, a2, a4);
        assertThat(ids(DeadLetterQuery.all().status(Status.REPLAYED))).containsExactly(a1, a3);

        assertThat(deadLetters.skip(DeadLetterQuery.all().group("inventory"))).isEqualTo(2);
        assertThat(ids(DeadLetterQuery.all())).containsExactly(b1);
        assertThat(ids(DeadLetterQuery.all().status(Status.SKIPPED))).containsExactly(a2, a4);
        assertThat(deadLetters.replay(DeadLetterQuery.all().group("inventory"))).isZero();
        assertThat(outboxRows()).hasSize(2);
    }

    @Test
    void refusesToReplayOrSkipLettersThatAreNotDead() {
        assertThatThrownBy(() -> deadLetters.replay(DeadLetterQuery.all().status(Status.SKIPPED)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Only dead letters");
        assertThatThrownBy(() -> deadLetters.skip(DeadLetterQuery.all().status(Status.REPLAYED)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Only dead letters");
    }

    @Test
    void resolvedLettersAreDeletedOnceTheirRetentionIsOverAndDeadOnesNever() {
        long replayed = store("inventory", "orders", "a");
        long skipped = store("inventory", "orders", "b");
        long dead = store("inventory", "orders", "c");
        long recentlySkipped = store("inventory", "orders", "d");
        deadLetters.replay(replayed);
        deadLetters.skip(skipped);
        deadLetters.skip(recentlySkipped);
        db.jdbc.update("UPDATE " + db.tables.deadLetter() + " SET resolved_at = ? WHERE id = ?",
                db.dialect.columnValue(NOW.plus(Duration.ofDays(40))), recentlySkipped);
        Clock monthsLater = Clock.fixed(NOW.plus(Duration.ofDays(60)), ZoneOffset.UTC);

        RetentionCleaner keepForEver = new RetentionCleaner(db.database,
                RetentionCleaner.Rows.resolvedDeadLetters(db.tables), Duration.ZERO, Duration.ofMinutes(5), 1, monthsLater);
        assertThat(keepForEver.deleteExpired()).isZero();
        RetentionCleaner cleaner = new RetentionCleaner(db.database,
                RetentionCleaner.Rows.resolvedDeadLetters(db.tables), Duration.ofDays(30), Duration.ofMinutes(5), 1,
                monthsLater);

        assertThat(cleaner.deleteExpired()).isEqualTo(2);
        assertThat(db.jdbc.queryForList("SELECT id FROM " + db.tables.deadLetter() + " ORDER BY id", Long.class))
            .containsExactly(dead, recentlySkipped);
    }

    private long store(String group, String topic, String key) {
        handler.deadLetter(failed(group, topic, key));
        return deadLetters.list(DeadLetterQuery.all().status(Status.DEAD).limit(1000)).stream()
            .mapToLong(DeadLetter::id).max().orElseThrow();
    }

    private static FailedMessage failed(String group, String topic, String key) {
        InboundMessage message = new InboundMessage(topic, key, Map.of(ReliableHeaders.ID, UUID.randomUUID().toString(),
                ReliableHeaders.TYPE, "event"), key.getBytes(StandardCharsets.UTF_8), topic + "-0", 0, NOW);
        return new FailedMessage(group, message, new IllegalStateException("failed"), 3, FIRST_FAILURE, LAST_FAILURE);
    }

    private DeadLetter single(DeadLetterQuery query) {
        List<DeadLetter> letters = deadLetters.list(query);
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }

    private List<Long> ids(DeadLetterQuery query) {
        return deadLetters.list(query).stream().map(DeadLetter::id).toList();
    }

    private List<OutboxRow> outboxRows() {
        return db.jdbc.query("SELECT message_id, topic, msg_key, type, headers, payload, status FROM "
                + db.tables.outbox() + " ORDER BY id", (row, i) -> new OutboxRow(row.getString("message_id"),
                        row.getString("topic"), row.getString("msg_key"), row.getString("type"),
                        HeadersJson.read(row.getString("headers")), row.getBytes("payload"), row.getString("status")));
    }

    private record OutboxRow(String messageId, String topic, @Nullable String key, String type,
            Map<String, String> headers, byte[] payload, String status) {
    }
}
