package org.reliablemessaging.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a publish advances its key's sequence in {@code outbox_key}, in the publishing transaction: in
 * one statement for a key that has a row; a key without one gets a row at 0, raised to one above its
 * topic's floor by a second statement. Either way the key row stays locked until the publishing
 * transaction ends, which orders concurrent writers of one key. On MySQL and H2 these are round trips
 * of their own; PostgreSQL sends them with the outbox insert ({@link #postgresqlStatements}).
 */
final class KeySequences {

    private final JdbcTemplate jdbc;

    private final OutboxDialect dialect;

    private final KeyIncrement increment;

    private final String raiseToFloor;

    KeySequences(JdbcTemplate jdbc, OutboxDialect dialect, OutboxTables tables) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.increment = switch (dialect) {
            case POSTGRESQL -> throw new IllegalArgumentException("PostgreSQL advances a key's sequence in the round "
                    + "trip of its outbox insert (postgresqlStatements), not with a KeySequences");
            case MYSQL -> mysql(tables);
            case H2 -> h2(tables);
        };
        this.raiseToFloor = raiseToFloor(tables);
    }

    /** Advances the sequence of {@code key}; must run inside the publishing transaction. */
    void advance(String topic, String key, Instant now) {
        if (increment.increment(topic, key, now)) {
            jdbc.update(raiseToFloor, topic, key);
        }
    }

    /**
     * MySQL counts an inserted row as one and an updated one as two. Not an UPDATE first and an
     * INSERT when it found nothing: at REPEATABLE READ the UPDATE locks the gap where the row
     * would go, and two publishers of new keys in one gap then deadlock on their inserts.
     */
    private KeyIncrement mysql(OutboxTables t) {
        String upsert = "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?) "
                + "ON DUPLICATE KEY UPDATE last_seq = last_seq + 1, updated_at = VALUES(updated_at)";
        return (topic, key, now) -> jdbc.update(upsert, statement -> bindKey(statement, topic, key, now)) == 1;
    }

    /**
     * H2 has no upsert that tells an insert from an update. Its INSERT fails on a duplicate key
     * when another transaction inserted the row first (once that one committed), and at once when
     * one is deleting it; the UPDATE then applies, or waits for the deletion and finds nothing.
     */
    private KeyIncrement h2(OutboxTables t) {
        String update = "UPDATE " + t.outboxKey() + " SET last_seq = last_seq + 1, updated_at = ? "
                + "WHERE topic = ? AND msg_key = ?";
        String insert = "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?)";
        return (topic, key, now) -> {
            for (int attempt = 1;; attempt++) {
                if (jdbc.update(update, statement -> {
                    dialect.setInstant(statement, 1, now);
                    statement.setString(2, topic);
                    statement.setString(3, key);
                }) == 1) {
                    return false;
                }
                try {
                    return jdbc.update(insert, statement -> bindKey(statement, topic, key, now)) == 1;
                }
                catch (DuplicateKeyException ex) {
                    if (attempt == 3) {
                        throw ex;
                    }
                }
            }
        };
    }

    /**
     * Sets the {@code last_seq} of a key row just created at 0 to one above its topic's floor
     * (parameters: topic, key). Run after the row was created, so after any deletion of the key's
     * earlier row has committed (creating it waited for that), the floor it reads includes that
     * deletion's: at READ COMMITTED the statement reads what has committed when it starts. At
     * REPEATABLE READ, InnoDB reads a table inside an UPDATE as it is now, with a shared lock held
     * until commit; PostgreSQL fails this statement with a serialization error when the earlier row
     * was deleted after the transaction's snapshot, the one case where its floor would be stale.
     * H2 is supported at READ COMMITTED, its default.
     */
    /**
     * On PostgreSQL, the statements that advance a key's sequence (parameters: topic, key, now, topic,
     * key), sent in one round trip with the statement that follows them: the upsert, then the raise
     * to the floor of a row it created at 0. Each statement of the round trip reads what has
     * committed when it starts, as separate statements would.
     */
    static String postgresqlStatements(OutboxTables tables) {
        return "INSERT INTO " + tables.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?) "
                + "ON CONFLICT (topic, msg_key) DO UPDATE SET last_seq = " + tables.outboxKey()
                + ".last_seq + 1, updated_at = EXCLUDED.updated_at; " + raiseToFloor(tables) + " AND last_seq = 0; ";
    }

    private static String raiseToFloor(OutboxTables tables) {
        return "UPDATE " + tables.outboxKey() + " SET last_seq = 1 + COALESCE((SELECT f.seq_floor FROM "
                + tables.outboxSeqFloor() + " f WHERE f.topic = " + tables.outboxKey() + ".topic), 0) "
                + "WHERE topic = ? AND msg_key = ?";
    }

    private void bindKey(PreparedStatement statement, String topic, String key, Instant now) throws SQLException {
        statement.setString(1, topic);
        statement.setString(2, key);
        dialect.setInstant(statement, 3, now);
    }

    /** Increments a key's sequence in the publishing transaction. */
    @FunctionalInterface
    private interface KeyIncrement {

        /** @return whether the key had no row and now has one at 0 */
        boolean increment(String topic, String key, Instant now);
    }
}
