package org.reliablemessaging.idempotency.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the JDBC idempotency guard must do on every supported database; one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcIdempotencyGuardContractTests {

    private static final Duration BLOCKED = Duration.ofMillis(300);

    private TestDatabase database;

    private OutboxTestDatabase db;

    private JdbcIdempotencyGuard guard;

    private String group;

    abstract TestDatabase newDatabase();

    /** How the guard under test batches; the contract holds either way. */
    GuardBatching batching() {
        return GuardBatching.OFF;
    }

    @BeforeAll
    void createDatabase() {
        database = newDatabase();
        db = new OutboxTestDatabase(database);
        db.jdbc.execute("CREATE TABLE guard_effect (message_id VARCHAR(64) NOT NULL PRIMARY KEY)");
        guard = new JdbcIdempotencyGuard(db.database, new DataSourceTransactionManager(db.dataSource),
                Clock.systemUTC(), batching());
    }

    @AfterAll
    void closeDatabase() {
        guard.close();
        db.close();
    }

    @BeforeEach
    void newGroup() {
        // One database for the class; each test keeps to its own consumer group.
        group = TestNames.unique("group");
    }

    @Test
    void runsTheFirstDeliveryAndRecordsIt() {
        AtomicInteger runs = new AtomicInteger();
        Instant before = Instant.now().minusSeconds(1);

        assertThat(guard.runOnce(group, "m-1", runs::incrementAndGet)).isTrue();

        assertThat(runs).hasValue(1);
        assertThat(processedAt("m-1")).isBetween(before, Instant.now().plusSeconds(1));
    }

    @Test
    void skipsADuplicateWithoutRunningIt() {
        AtomicInteger runs = new AtomicInteger();
        guard.runOnce(group, "m-1", runs::incrementAndGet);

        assertThat(guard.runOnce(group, "m-1", runs::incrementAndGet)).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void recordsNothingWhenTheWorkFailsSoThatARetryRuns() {
        IllegalStateException failure = new IllegalStateException("handler failed");

        assertThatIllegalStateException().isThrownBy(() -> guard.runOnce(group, "m-1", () -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(processedCount()).isZero();
        assertThat(guard.runOnce(group, "m-1", () -> {
        })).isTrue();
    }

    @Test
    void commitsTheHandlersWritesWithTheMarkerAndRollsThemBackTogether() {
        guard.runOnce(group, "m-1", () -> insertEffect("m-1"));
        assertThatIllegalStateException().isThrownBy(() -> guard.runOnce(group, "m-2", () -> {
            insertEffect("m-2");
            throw new IllegalStateException("after the write");
        }));

        assertThat(effects()).containsExactly("m-1");
        assertThat(processedCount()).isEqualTo(1);
    }

    @Test
    void keepsGroupsApart() {
        AtomicInteger runs = new AtomicInteger();
        String otherGroup = TestNames.unique("group");

        assertThat(guard.runOnce(group, "m-1", runs::incrementAndGet)).isTrue();
        assertThat(guard.runOnce(otherGroup, "m-1", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aConcurrentDuplicateWaitsForTheFirstDeliveryAndThenSkips() throws Exception {
        assertThat(raceAgainstASlowFirstDelivery(true)).isFalse();
    }

    @Test
    void aConcurrentDuplicateRunsWhenTheFirstDeliveryRollsBack() throws Exception {
        assertThat(raceAgainstASlowFirstDelivery(false)).isTrue();
    }

    /** Starts a duplicate while the first delivery's transaction is open, then ends the first one. */
    private boolean raceAgainstASlowFirstDelivery(boolean firstSucceeds) throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch finishFirst = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Boolean> first = threads.submit(() -> guard.runOnce(group, "m-1", () -> {
                runs.incrementAndGet();
                firstStarted.countDown();
                await(finishFirst);
                if (!firstSucceeds) {
                    throw new IllegalStateException("first delivery failed");
                }
            }));
            assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> duplicate = threads.submit(() -> guard.runOnce(group, "m-1", runs::incrementAndGet));
            Thread.sleep(BLOCKED);
            assertThat(duplicate).as("the duplicate waits on the first delivery's row").isNotDone();

            finishFirst.countDown();
            boolean duplicateRan = duplicate.get(10, TimeUnit.SECONDS);
            if (firstSucceeds) {
                assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            }
            else {
                assertThat(first).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("first delivery failed");
            }
            assertThat(runs).hasValue(duplicateRan ? 2 : 1);
            assertThat(processedCount()).isEqualTo(1);
            return duplicateRan;
        }
    }

    @Test
    void runsTheWorkOnceWhenManyDeliveriesRace() throws Exception {
        int deliveries = 6;
        CyclicBarrier start = new CyclicBarrier(deliveries);
        AtomicInteger runs = new AtomicInteger();
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(deliveries)) {
            for (int i = 0; i < deliveries; i++) {
                results.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return guard.runOnce(group, "m-1", () -> {
                        runs.incrementAndGet();
                        insertEffect(group);
                    });
                }));
            }
            int ran = 0;
            for (Future<Boolean> result : results) {
                ran += result.get(20, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(ran).isEqualTo(1);
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void refusesIdsTheTableCannotHold() {
        assertThatIllegalArgumentException().isThrownBy(() -> guard.runOnce(group, "x".repeat(65), () -> {
        })).withMessageContaining("message id must be 1 to 64 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> guard.runOnce(" ", "m-1", () -> {
        })).withMessageContaining("group must be 1 to 255 characters");
    }

    @Test
    void keepsTheRedisGuardsEpochUnderItsName() {
        JdbcEpochStore store = epochStore(group + ":epoch");
        JdbcEpochStore other = epochStore(group + ":other:epoch");
        assertThat(store.load()).isNull();

        store.save("first");
        other.save("elsewhere");
        assertThat(store.load()).isEqualTo("first");
        store.save("re-armed");

        assertThat(epochStore(group + ":epoch").load()).isEqualTo("re-armed");
        assertThat(other.load()).isEqualTo("elsewhere");
    }

    @Test
    void instancesSavingTheirFirstEpochAtOnceAllSucceed() throws Exception {
        int instances = 6;
        CyclicBarrier start = new CyclicBarrier(instances);
        List<Future<?>> saves = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(instances)) {
            for (int i = 0; i < instances; i++) {
                saves.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    epochStore(group + ":epoch").save("same");
                    return null;
                }));
            }
            for (Future<?> save : saves) {
                save.get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(epochStore(group + ":epoch").load()).isEqualTo("same");
    }

    @Test
    void theCleanerDeletesOnlyMessagesOlderThanTheRetentionInBatches() {
        Instant now = Instant.now();
        for (int i = 0; i < 5; i++) {
            insertProcessed("old-" + i, now.minus(Duration.ofDays(2)));
        }
        insertProcessed("recent", now.minus(Duration.ofHours(23)));
        guard.runOnce(group, "now", () -> {
        });
        // A pool that never commits on its own: each batch must commit by itself.
        try (OutboxTestDatabase noAutoCommit = OutboxTestDatabase.withoutAutoCommit(database)) {
            RetentionCleaner cleaner = new RetentionCleaner(noAutoCommit.database,
                    ProcessedMessages.expiring(db.tables), Duration.ofDays(1), Duration.ofMinutes(5), 2, Clock.systemUTC());

            assertThat(cleaner.deleteExpired()).isEqualTo(5);
        }
        assertThat(db.jdbc.queryForList("SELECT message_id FROM " + db.tables.processedMessage()
                + " WHERE group_name = ? ORDER BY message_id", String.class, group)).containsExactly("now", "recent");
    }

    private JdbcEpochStore epochStore(String name) {
        return new JdbcEpochStore(db.database, name, Clock.systemUTC());
    }

    private void insertProcessed(String messageId, Instant processedAt) {
        db.jdbc.update("INSERT INTO " + db.tables.processedMessage() + " (group_name, message_id, processed_at) "
                + "VALUES (?, ?, ?)", group, messageId, db.dialect.columnValue(processedAt));
    }

    private void insertEffect(String messageId) {
        db.jdbc.update("INSERT INTO guard_effect (message_id) VALUES (?)", messageId);
    }

    private List<String> effects() {
        return db.jdbc.queryForList("SELECT message_id FROM guard_effect WHERE message_id LIKE 'm-%' ORDER BY 1",
                String.class);
    }

    private Instant processedAt(String messageId) {
        return db.jdbc.query("SELECT processed_at FROM " + db.tables.processedMessage()
                + " WHERE group_name = ? AND message_id = ?", rs -> {
                    assertThat(rs.next()).as("a row for " + messageId).isTrue();
                    return db.dialect.getInstant(rs, "processed_at");
                }, group, messageId);
    }

    private int processedCount() {
        Integer count = db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.processedMessage()
                + " WHERE group_name = ?", Integer.class, group);
        return count == null ? 0 : count;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never released the first delivery");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
