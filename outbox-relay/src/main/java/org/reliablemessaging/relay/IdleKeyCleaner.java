package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the key rows ({@code outbox_key}) of keys that have nothing pending and have had no
 * message for a while, so that table does not keep a row per key for ever, while each key's
 * sequence ({@code rm-seq}) keeps increasing.
 *
 * <p>How:
 * <ul>
 * <li>{@code outbox_seq_floor} holds, per topic, the highest {@code last_seq} of the key rows
 * deleted. A publish of a key without a row creates the row at 0 and then, in its next statement,
 * sets it to floor + 1 (floor 0 without a floor row).
 * <li>A batch picks, without locks, key rows last used before the cutoff, holding no outbox row back
 * ({@code held_by} empty) and with no {@code PENDING} outbox row. Then, per topic, in a short READ
 * COMMITTED transaction, it locks the topic's floor row (creating it at 0 if missing), locks the
 * picked rows still idle and not held, skipping rows another transaction has locked, raises the
 * floor to their highest {@code last_seq}, deletes them and commits.
 * </ul>
 *
 * <p>Why the sequence keeps increasing:
 * <ul>
 * <li>A publisher that used the key since it was picked locks the key row until it commits (the
 * row is skipped) or has moved its {@code updated_at} past the cutoff (the row is no longer idle);
 * its new pending row needs that publish. The floor is raised in the transaction that deletes, with
 * the rows locked, so it covers every sequence they gave out.
 * <li>A publisher that finds no row creates one. If the key's old row is being deleted, creating
 * the new one waits for that transaction, so the floor read by the next statement includes its
 * raise: at READ COMMITTED a statement sees what has committed; at REPEATABLE READ InnoDB reads the
 * floor with a shared lock, and PostgreSQL fails the statement with a serialization error when the
 * old row was deleted after the transaction's snapshot. Reading the floor before creating the row
 * would not do: the old row could be deleted, and the floor raised, in between.
 * <li>No deadlock with publishers: this locks the floor row first and never waits for a key row,
 * while a publisher locks key rows and only then (on InnoDB at REPEATABLE READ) shares the floor
 * row. The wait for the floor row is cut to a second, as InnoDB queues later publishers of new keys
 * of the topic behind it; a topic whose floor stays busy is left for the next round.
 * <li>A publishing transaction that stays open longer than the idle time after its publish can be
 * missed by the pending check, and its key row deleted under a pending row: the idle time must
 * exceed any transaction's length.
 * </ul>
 */
final class IdleKeyCleaner {

    private static final Logger log = LoggerFactory.getLogger(IdleKeyCleaner.class);

    private static final Duration FLOOR_LOCK_TIMEOUT = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;

    private final JdbcClient client;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final int batchSize;

    private final String idleKeys;

    private final String pendingKeys;

    private final String lockFloor;

    private final String insertFloor;

    private final String lockIdleKeys;

    private final String raiseFloor;

    private final String deleteKeys;

    /** Where the next batch starts, in key order: batches go through the table, then start again. */
    private TopicKey after = TopicKey.FIRST;

    /** @param batchSize most key rows looked at, and deleted, by one batch */
    IdleKeyCleaner(OutboxDatabase database, int batchSize) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        this.client = database.client();
        // Commits on its own, whatever the pool's auto-commit.
        this.transaction = database.newTransaction();
        // No gap locks (MySQL): publishers insert key rows next to the ones deleted here.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = database.dialect();
        this.batchSize = batchSize;
        String key = tables.outboxKey();
        String floor = tables.outboxSeqFloor();
        this.idleKeys = "SELECT topic, msg_key FROM " + key + " WHERE (topic > ? OR (topic = ? AND msg_key > ?)) "
                + "AND updated_at < ? AND held_by IS NULL ORDER BY topic, msg_key LIMIT ?";
        this.pendingKeys = "SELECT DISTINCT msg_key FROM " + tables.outbox()
                + " WHERE status = 'PENDING' AND topic = :topic AND msg_key IN (:keys)";
        this.lockFloor = "SELECT seq_floor FROM " + floor + " WHERE topic = ? FOR UPDATE";
        this.insertFloor = "INSERT INTO " + floor + " (topic, seq_floor) VALUES (?, 0)";
        this.lockIdleKeys = "SELECT msg_key, last_seq FROM " + key + " WHERE topic = :topic AND msg_key IN (:keys) "
                + "AND updated_at < :cutoff AND held_by IS NULL FOR UPDATE SKIP LOCKED";
        this.raiseFloor = "UPDATE " + floor + " SET seq_floor = ? WHERE topic = ?";
        this.deleteKeys = "DELETE FROM " + key + " WHERE topic = :topic AND msg_key IN (:keys)";
    }

    int batchSize() {
        return batchSize;
    }

    /**
     * Deletes the rows of the next batch of keys last used before {@code cutoff} that have nothing
     * pending and hold nothing back.
     * @return how many such key rows it looked at: fewer than the batch size once it reached the
     *         end of the table, and the next batch starts from the first key again
     */
    int cleanBatch(Instant cutoff) {
        List<TopicKey> idle = jdbc.query(idleKeys, (rs, rowNum) -> new TopicKey(rs.getString(1), rs.getString(2)),
                after.topic(), after.topic(), after.key(), dialect.columnValue(cutoff), batchSize);
        after = idle.size() < batchSize ? TopicKey.FIRST : idle.get(idle.size() - 1);
        Map<String, List<String>> keysByTopic = idle.stream().collect(Collectors.groupingBy(TopicKey::topic,
                LinkedHashMap::new, Collectors.mapping(TopicKey::key, Collectors.toList())));
        keysByTopic.forEach((topic, keys) -> deleteUnlessPending(topic, keys, cutoff));
        return idle.size();
    }

    private void deleteUnlessPending(String topic, List<String> keys, Instant cutoff) {
        Set<String> pending = new HashSet<>(client.sql(pendingKeys).param("topic", topic).param("keys", keys)
            .query(String.class)
            .list());
        List<String> candidates = keys.stream().filter(key -> !pending.contains(key)).toList();
        if (candidates.isEmpty()) {
            return;
        }
        try {
            transaction.execute(status -> dialect.withLockTimeout(jdbc, FLOOR_LOCK_TIMEOUT,
                    () -> delete(topic, candidates, cutoff)));
        }
        catch (DataAccessException ex) {
            if (!dialect.isLockConflict(ex)) {
                throw ex;
            }
            log.debug("Left the idle keys of topic {} for the next round: publishing transactions held its sequence "
                    + "floor for more than {} ({})", topic, FLOOR_LOCK_TIMEOUT, ex.getMessage());
        }
    }

    private int delete(String topic, List<String> keys, Instant cutoff) {
        long floor = lockFloor(topic);
        List<KeySequence> locked = client.sql(lockIdleKeys).param("topic", topic).param("keys", keys)
            .param("cutoff", dialect.columnValue(cutoff))
            .query((rs, rowNum) -> new KeySequence(rs.getString(1), rs.getLong(2)))
            .list();
        if (locked.isEmpty()) {
            return 0;
        }
        long highest = locked.stream().mapToLong(KeySequence::lastSeq).max().orElseThrow();
        if (highest > floor) {
            jdbc.update(raiseFloor, highest, topic);
        }
        return client.sql(deleteKeys).param("topic", topic).param("keys", locked.stream().map(KeySequence::key).toList())
            .update();
    }

    private long lockFloor(String topic) {
        List<Long> floor = jdbc.query(lockFloor, (row, rowNumber) -> row.getLong("seq_floor"), topic);
        if (!floor.isEmpty()) {
            return floor.get(0);
        }
        jdbc.update(insertFloor, topic);
        return 0;
    }

    private record TopicKey(String topic, String key) {

        /** Before every key: topics and keys are never empty. */
        static final TopicKey FIRST = new TopicKey("", "");
    }

    private record KeySequence(String key, long lastSeq) {
    }
}
