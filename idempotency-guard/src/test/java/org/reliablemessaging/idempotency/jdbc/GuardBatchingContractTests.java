package org.reliablemessaging.idempotency.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestNames;
import org.slf4j.MDC;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What batching adds to the JDBC guard, on every supported database: messages ready together share one
 * transaction, and a handler that throws fails only its own message. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GuardBatchingContractTests {

    private static final int BATCH = 8;

    private OutboxTestDatabase db;

    private JdbcIdempotencyGuard guard;

    private String group;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void createDatabase() {
        db = new OutboxTestDatabase(newDatabase());
        db.jdbc.execute("CREATE TABLE batch_effect (message_id VARCHAR(200) NOT NULL PRIMARY KEY)");
        // One batch at a time, so that what queues behind a running batch forms the next one.
        guard = new JdbcIdempotencyGuard(db.database, new DataSourceTransactionManager(db.dataSource),
                Clock.systemUTC(), new GuardBatching(BATCH, Duration.ZERO, 1));
    }

    @AfterAll
    void closeDatabase() {
        guard.close();
        db.close();
    }

    @BeforeEach
    void newGroup() {
        group = TestNames.unique("group");
    }

    @Test
    void messagesReadyTogetherShareOneTransactionAndTheirRowsCommitWithTheirEffects() throws Exception {
        Map<String, Object> transactionOf = new ConcurrentHashMap<>();
        List<Future<Boolean>> results = behindABlockingBatch(id -> {
            transactionOf.put(id, TransactionSynchronizationManager.getResource(db.dataSource));
            insertEffect(id);
        });

        for (Future<Boolean> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Set.copyOf(transactionOf.values())).as("the transactions of the %d messages", BATCH).hasSize(1);
        assertThat(effects()).hasSize(BATCH);
        assertThat(processedCount()).isEqualTo(BATCH + 1);
    }

    @Test
    void aHandlerThatThrowsFailsItsOwnMessageAndTheOthersCommitOnceEach() throws Exception {
        IllegalStateException failure = new IllegalStateException("handler of m-3 failed");
        AtomicInteger ranAgain = new AtomicInteger();
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        List<Future<Boolean>> results = behindABlockingBatch(id -> {
            if (runs.merge(id, 1, Integer::sum) > 1) {
                ranAgain.incrementAndGet();
            }
            insertEffect(id);
            if (id.equals("m-3")) {
                throw failure;
            }
        });

        for (int i = 0; i < BATCH; i++) {
            if (i == 3) {
                assertThat(results.get(i)).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class).havingCause().isSameAs(failure);
            }
            else {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).as("m-" + i).isTrue();
            }
        }
        assertThat(effects()).as("one effect per message but the failed one").hasSize(BATCH - 1).doesNotContain("m-3");
        assertThat(processedCount()).as("rows: the blocker and the committed seven").isEqualTo(BATCH);
        assertThat(runs.get("m-3")).as("the failed handler ran once: its attempt is over").isEqualTo(1);
        // Those before it in the batch ran twice: rolled back with it, then alone; those after it only alone.
        assertThat(runs).allSatisfy((id, count) -> assertThat(count).as(id).isBetween(1, 2));
        assertThat(ranAgain.get()).as("handlers run again after the rollback").isLessThan(BATCH);
        assertThat(guard.runOnce(group, "m-3", () -> insertEffect("m-3"))).as("its retry").isTrue();
        assertThat(effects()).contains("m-3");
    }

    @Test
    void theHandlerRunsOnTheBatchThreadWithTheCallersLogContext() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        List<Future<Boolean>> results = behindABlockingBatch(id -> {
            seen.put(id, MDC.get("rm.messageId") + " on " + Thread.currentThread().getName());
        });

        for (Future<Boolean> result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertThat(seen).hasSize(BATCH).allSatisfy((id, context) -> assertThat(context).isEqualTo(id + " on rm-guard-batch-0"));
    }

    @Test
    void aGuardClosedWhileMessagesWaitHandsThemBackToRunAlone() throws Exception {
        JdbcIdempotencyGuard closing = new JdbcIdempotencyGuard(db.database,
                new DataSourceTransactionManager(db.dataSource), Clock.systemUTC(), new GuardBatching(BATCH, Duration.ZERO, 1));
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
            Future<Boolean> blocker = callers.submit(() -> closing.runOnce(group, "blocker", () -> {
                blocking.countDown();
                awaitQuietly(release);
            }));
            assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
            Thread[] caller = new Thread[1];
            Future<Boolean> waiting = callers.submit(() -> {
                caller[0] = Thread.currentThread();
                return closing.runOnce(group, "m-0", () -> insertEffect("m-0"));
            });
            await().atMost(Duration.ofSeconds(10))
                .until(() -> caller[0] != null && caller[0].getState() == Thread.State.WAITING);

            closing.close();
            release.countDown();

            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("run alone after the close").isTrue();
            assertThat(blocker.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(effects()).containsExactly("m-0");
        assertThat(processedCount()).isEqualTo(2);
    }

    /**
     * Holds the guard's only batch thread with a message of its own until {@link #BATCH} more, from as many
     * threads, wait behind it; then lets it finish. Returns their results, in the order of their ids m-0, m-1, …
     */
    private List<Future<Boolean>> behindABlockingBatch(Handler handler) throws Exception {
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(BATCH + 1);
        callers.submit(() -> guard.runOnce(group, "blocker", () -> {
            blocking.countDown();
            awaitQuietly(release);
        }));
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> waiting = new ArrayList<>();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String id = "m-" + i;
            results.add(callers.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                MDC.put("rm.messageId", id);
                try {
                    return guard.runOnce(group, id, () -> handler.handle(id));
                }
                finally {
                    MDC.remove("rm.messageId");
                }
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (waiting) {
                return waiting.size() == BATCH && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
            }
        });
        release.countDown();
        callers.shutdown();
        return results;
    }

    @FunctionalInterface
    private interface Handler {

        void handle(String messageId);
    }

    private void insertEffect(String messageId) {
        db.jdbc.update("INSERT INTO batch_effect (message_id) VALUES (?)", group + "/" + messageId);
    }

    private List<String> effects() {
        return db.jdbc.queryForList("SELECT message_id FROM batch_effect WHERE message_id LIKE ?", String.class,
                group + "/%").stream().map(id -> id.substring(group.length() + 1)).toList();
    }

    private int processedCount() {
        Integer count = db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.processedMessage()
                + " WHERE group_name = ?", Integer.class, group);
        return count == null ? 0 : count;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
