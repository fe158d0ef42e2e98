package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the relay's housekeeping must do on every supported database: delete idle key rows while
 * every key's sequence keeps increasing, and dead rows past their retention. One subclass per
 * database.
 */
abstract class HousekeepingContractTests extends RelayContractSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Sent rows are kept, so that each key's sequences can be read back in id order. */
    private static final RelaySettings.Housekeeping KEEP_SENT = new RelaySettings.Housekeeping(Duration.ofHours(1),
            Duration.ofHours(1), Duration.ZERO, Duration.ZERO, 100);

    /**
     * Publishers of a few keys, in overlapping transactions of one or two keys, while idle key rows
     * are deleted as soon as they have nothing pending: a key row is deleted and created again many
     * times, under publishers waiting for it.
     */
    @Test
    void everyKeysSequenceKeepsIncreasingWhileItsIdleRowIsDeletedUnderConcurrentPublishers() throws Exception {
        relays.start(sender, KEEP_SENT);
        IdleKeyCleaner cleaner = new IdleKeyCleaner(db.database, 3);
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
        int writers = 6;
        int transactionsPerWriter = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers + 1)) {
            Future<?> cleaning = pool.submit(() -> {
                while (writing.get()) {
                    cleaner.cleanBatch(Instant.now().minusMillis(1));
                }
            });
            List<Future<?>> publishing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                publishing.add(pool.submit(() -> {
                    for (int i = 0; i < transactionsPerWriter; i++) {
                        publishToRandomKeys(keys);
                        sleep(ThreadLocalRandom.current().nextInt(6));
                    }
                }));
            }
            for (Future<?> writer : publishing) {
                writer.get();
            }
            writing.set(false);
            cleaning.get();
        }
        long floorWhenPublishersStopped = floor("t");
        await().atMost(PATIENCE).until(() -> !statuses().contains("PENDING"));
        for (String key : keys) {
            List<Long> inIdOrder = db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox()
                    + " WHERE topic = 't' AND msg_key = ? ORDER BY id", Long.class, key);
            assertThat(inIdOrder).as("sequences of " + key + " in id order").isNotEmpty().isSorted()
                .doesNotHaveDuplicates();
            List<Long> asSent = sender.confirmed().stream().filter(m -> key.equals(m.key()))
                .collect(Collectors.toMap(OutboundMessage::id, OutboundMessage::sequence, (first, again) -> first,
                        LinkedHashMap::new))
                .values().stream().toList();
            assertThat(asSent).as("sequences of " + key + " as sent").isEqualTo(inIdOrder);
        }
        assertThat(floorWhenPublishersStopped).as("key rows deleted while publishers ran").isPositive();
        // To the end of the table from where the last batch stopped, then once through from the first key.
        Instant later = Instant.now().plusSeconds(1);
        for (int passes = 0; passes < 2;) {
            passes += cleaner.cleanBatch(later) < cleaner.batchSize() ? 1 : 0;
        }
        assertThat(keyRows()).as("key rows once every key is idle").isEmpty();
    }

    @Test
    void keepsTheRowsOfKeysWithAPendingMessageAHoldARecentMessageOrAnOpenPublisher() throws Exception {
        for (String key : List.of("pending", "held", "recent", "open", "idle", "idle-too")) {
            db.inTransaction(() -> publisher.publish("t", key, 1));
        }
        db.jdbc.update("UPDATE " + db.tables.outbox() + " SET status = 'SENT' WHERE msg_key <> 'pending'");
        // A dead row that holds its key back, as the relay leaves it with hold-key-after-dead.
        long deadRow = idOf("held");
        db.jdbc.update("UPDATE " + db.tables.outbox() + " SET status = 'DEAD' WHERE id = ?", deadRow);
        db.jdbc.update("UPDATE " + db.tables.outboxKey() + " SET held_by = ? WHERE msg_key = 'held'", deadRow);
        Instant cutoff = Instant.now().plusSeconds(1);
        db.jdbc.update("UPDATE " + db.tables.outboxKey() + " SET updated_at = ? WHERE msg_key = 'recent'",
                db.dialect.columnValue(cutoff.plusSeconds(1)));
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        IdleKeyCleaner cleaner = new IdleKeyCleaner(db.database, 100);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> openPublisher = pool.submit(() -> db.inTransaction(() -> {
                publisher.publish("t", "open", 2);
                published.countDown();
                return awaitLatch(commit);
            }));
            assertThat(published.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(cleaner.cleanBatch(cutoff)).as("rows last used before the cutoff and not held").isEqualTo(4);
            commit.countDown();
            openPublisher.get();
        }

        assertThat(keyRows()).containsExactly("held", "open", "pending", "recent");
        assertThat(floor("t")).isEqualTo(1);
        db.inTransaction(() -> publisher.publish("t", "idle", 2));
        db.inTransaction(() -> publisher.publish("t", "open", 3));
        assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox() + " WHERE msg_key IN ('idle', 'open') "
                + "ORDER BY id", Long.class)).containsExactly(1L, 1L, 2L, 2L, 3L);
    }

    /** A transaction that keeps a topic's floor locked (a publisher at REPEATABLE READ does) delays only that topic. */
    @Test
    void aTopicWhoseFloorStaysLockedIsLeftForTheNextRound() throws Exception {
        db.inTransaction(() -> publisher.publish("busy", "k", 1));
        db.inTransaction(() -> publisher.publish("calm", "k", 1));
        db.jdbc.update("UPDATE " + db.tables.outbox() + " SET status = 'SENT'");
        db.jdbc.update("INSERT INTO " + db.tables.outboxSeqFloor() + " (topic, seq_floor) VALUES ('busy', 0)");
        IdleKeyCleaner cleaner = new IdleKeyCleaner(db.database, 100);
        Instant cutoff = Instant.now().plusSeconds(1);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<?> holder = pool.submit(() -> db.inTransaction(() -> {
                db.jdbc.update("UPDATE " + db.tables.outboxSeqFloor() + " SET seq_floor = seq_floor WHERE topic = 'busy'");
                locked.countDown();
                return awaitLatch(release);
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(cleaner.cleanBatch(cutoff)).isEqualTo(2);
            assertThat(keyRows()).containsExactly("k");
            assertThat(db.jdbc.queryForList("SELECT topic FROM " + db.tables.outboxKey(), String.class))
                .containsExactly("busy");
            release.countDown();
            holder.get();
        }
        cleaner.cleanBatch(cutoff);
        assertThat(keyRows()).isEmpty();
    }

    @Test
    void theRelaysHousekeepingDeletesTheRowsOfKeysOnceTheyAreIdle() {
        relays.start(sender, new RelaySettings.Housekeeping(RelayFixture.CLEANUP_INTERVAL, Duration.ZERO,
                Duration.ZERO, Duration.ofMillis(100), 100));
        for (int i = 1; i <= 3; i++) {
            int n = i;
            db.inTransaction(() -> publisher.publish("t", "key-" + n, n));
        }

        await().atMost(PATIENCE).until(() -> sender.confirmed().size() == 3);
        await().atMost(PATIENCE).until(() -> keyRows().isEmpty());
        assertThat(floor("t")).isEqualTo(1);
    }

    /**
     * A dead row past its retention goes, and so does its hold on its key: to the key's next failed
     * row, which must still go before the rows after it.
     */
    @Test
    void deadRowsPastTheirRetentionAreDeletedAndTheirHoldPassesOn() {
        for (String key : List.of("k", "k", "k", "young")) {
            db.inTransaction(() -> publisher.publish("t", key, 1));
        }
        db.inTransaction(() -> publisher.publish("t", null, 1));
        List<Long> ids = db.jdbc.queryForList("SELECT id FROM " + db.tables.outbox() + " ORDER BY id", Long.class);
        Instant now = Instant.now();
        die(ids.get(0), now.minus(Duration.ofDays(8)));
        db.jdbc.update("UPDATE " + db.tables.outbox() + " SET attempts = 2 WHERE id = ?", ids.get(1));
        db.jdbc.update("UPDATE " + db.tables.outboxKey() + " SET held_by = ? WHERE msg_key = 'k'", ids.get(0));
        die(ids.get(3), now.minus(Duration.ofDays(6)));
        db.jdbc.update("UPDATE " + db.tables.outboxKey() + " SET held_by = ? WHERE msg_key = 'young'", ids.get(3));
        die(ids.get(4), now.minus(Duration.ofDays(8)));
        OutboxRetention retention = new OutboxRetention(db.database, new KeyHolds(db.database, true));

        assertThat(retention.deleteDeadBefore(now.minus(Duration.ofDays(7)), 1000)).isEqualTo(2);

        assertThat(db.jdbc.queryForList("SELECT id FROM " + db.tables.outbox() + " ORDER BY id", Long.class))
            .containsExactly(ids.get(1), ids.get(2), ids.get(3));
        assertThat(heldBy("k")).as("the retrying row behind the deleted one").isEqualTo(ids.get(1));
        assertThat(heldBy("young")).isEqualTo(ids.get(3));
    }

    @Test
    void deadRowsAreKeptForEverByDefaultAndDeletedByTheRelayAfterARetention() {
        sender.failKey("poison", m -> SendOutcome.permanent("RecordTooLargeException: too large"));
        relays.start(sender, new RelaySettings.Housekeeping(Duration.ofHours(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 100));
        db.inTransaction(() -> publisher.publish("t", "poison", 1));
        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("DEAD")));
        assertThat(db.outboxRows().get(0).get("dead_at")).as("when it died").isNotNull();
        OutboxRetention rows = new OutboxRetention(db.database, new KeyHolds(db.database, true));
        IdleKeyCleaner keys = new IdleKeyCleaner(db.database, 100);
        Instant muchLater = Instant.now().plus(Duration.ofDays(3650));

        new RelayHousekeeping(rows, keys, new RelaySettings.Housekeeping(Duration.ofMinutes(1), Duration.ZERO,
                Duration.ZERO, Duration.ofHours(1), 100)).run(muchLater, () -> true);
        assertThat(statuses()).as("kept for ever").containsExactly("DEAD");
        assertThat(keyRows()).as("held by the dead row").containsExactly("poison");

        new RelayHousekeeping(rows, keys, new RelaySettings.Housekeeping(Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofDays(30), Duration.ofHours(1), 100)).run(muchLater, () -> true);
        assertThat(statuses()).as("past a retention of 30 days").isEmpty();
        assertThat(keyRows()).as("idle, and held no more").isEmpty();
    }

    private void publishToRandomKeys(List<String> keys) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // Keys in a fixed order, so that two publishers never wait for each other's keys the other way round.
        TreeMap<String, Integer> chosen = new TreeMap<>();
        for (int n = 1 + random.nextInt(2); chosen.size() < n;) {
            chosen.put(keys.get(random.nextInt(keys.size())), random.nextInt(1000));
        }
        db.inTransaction(() -> {
            for (Map.Entry<String, Integer> message : chosen.entrySet()) {
                publisher.publish("t", message.getKey(), message.getValue());
            }
            sleep(random.nextInt(3));
            return null;
        });
    }

    private void die(long id, Instant at) {
        db.jdbc.update("UPDATE " + db.tables.outbox() + " SET status = 'DEAD', dead_at = ? WHERE id = ?",
                db.dialect.columnValue(at), id);
    }

    private @Nullable Long heldBy(String key) {
        return db.jdbc.queryForObject("SELECT held_by FROM " + db.tables.outboxKey() + " WHERE msg_key = ?", Long.class,
                key);
    }

    private long idOf(String key) {
        return db.jdbc.queryForObject("SELECT id FROM " + db.tables.outbox() + " WHERE msg_key = ?", Long.class, key);
    }

    private long floor(String topic) {
        List<Long> floor = db.jdbc.queryForList("SELECT seq_floor FROM " + db.tables.outboxSeqFloor()
                + " WHERE topic = ?", Long.class, topic);
        return floor.isEmpty() ? 0 : floor.get(0);
    }

    private List<String> keyRows() {
        return db.jdbc.queryForList("SELECT msg_key FROM " + db.tables.outboxKey() + " ORDER BY msg_key", String.class);
    }

    private List<String> statuses() {
        return db.jdbc.queryForList("SELECT status FROM " + db.tables.outbox() + " ORDER BY id", String.class);
    }

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
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
