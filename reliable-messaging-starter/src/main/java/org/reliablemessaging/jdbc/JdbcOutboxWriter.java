package org.reliablemessaging.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.internal.KeyHash;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes outbox rows with plain JDBC in the caller's transaction.
 *
 * <p>For a keyed message it first increments the key's sequence in {@code outbox_key}; that row
 * lock, held until commit, orders concurrent writers of one key, so the outbox id order of a key is
 * its commit order. The row's {@code seq} is read back from the key row in the same insert.
 *
 * <p>The relay deletes the rows of keys idle for a while and records, per topic, the highest
 * sequence they had reached ({@code outbox_seq_floor}). A key without a row gets one above that
 * floor, in a second statement that runs once the row exists. So each key's sequence increases,
 * without gaps while the key is in use. On PostgreSQL a keyed publish is one round trip: the driver
 * sends the key statements and the insert together.
 */
public final class JdbcOutboxWriter {

    /** PostgreSQL's SQLSTATE for a scalar subquery that found more than one row. */
    private static final String CARDINALITY_VIOLATION = "21000";

    private final JdbcTemplate jdbc;

    private final OutboxDialect dialect;

    /** Advances key sequences in round trips of their own; {@code null} on PostgreSQL. */
    private final @Nullable KeySequences sequences;

    private final String insertKeyed;

    private final String insertUnkeyed;

    public JdbcOutboxWriter(OutboxDatabase database) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        this.dialect = database.dialect();
        String columns = "INSERT INTO " + tables.outbox() + " (message_id, topic, msg_key, key_hash, type, headers, "
                + "payload, created_at, available_at, expires_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ";
        String insertKeyed = columns + "(SELECT last_seq FROM " + tables.outboxKey() + " WHERE topic = ? AND msg_key = ?))";
        boolean oneRoundTrip = dialect == OutboxDialect.POSTGRESQL;
        this.sequences = oneRoundTrip ? null : new KeySequences(jdbc, dialect, tables);
        this.insertKeyed = oneRoundTrip ? KeySequences.postgresqlStatements(tables) + insertKeyed : insertKeyed;
        this.insertUnkeyed = columns + "0)";
    }

    /** Writes {@code entry}; must run inside a transaction on the outbox DataSource. */
    public void write(OutboxEntry entry) {
        String key = entry.key();
        if (key == null) {
            jdbc.update(insertUnkeyed, statement -> bindRow(statement, 1, entry));
            return;
        }
        if (sequences != null) {
            sequences.advance(entry.topic(), key, entry.createdAt());
            jdbc.update(insertKeyed, statement -> bindKey(statement, bindRow(statement, 1, entry), entry.topic(), key));
            return;
        }
        try {
            jdbc.update(insertKeyed, statement -> {
                // The upsert (topic, key, now), the raise to the floor (topic, key), the insert (row, topic, key).
                int next = bindKey(statement, 1, entry.topic(), key);
                dialect.setInstant(statement, next, entry.createdAt());
                next = bindKey(statement, next + 1, entry.topic(), key);
                bindKey(statement, bindRow(statement, next, entry), entry.topic(), key);
            });
        }
        catch (DataAccessException ex) {
            throw staleSnapshotOr(ex, entry.topic(), key);
        }
    }

    /**
     * At REPEATABLE READ, a key row the relay deleted after the transaction's snapshot stays visible
     * beside the row the upsert created, and so would the topic's floor raised with the deletion; the
     * insert's read of the key's sequence then finds two rows. Nothing was written: the transaction
     * must be retried, as for any serialization failure.
     */
    private static RuntimeException staleSnapshotOr(DataAccessException ex, String topic, String key) {
        if (ex.getMostSpecificCause() instanceof SQLException sql && CARDINALITY_VIOLATION.equals(sql.getSQLState())) {
            return new PessimisticLockingFailureException("could not serialize access: the row of key '" + key
                    + "' of topic '" + topic + "' was deleted as idle after this transaction's snapshot was taken "
                    + "(REPEATABLE READ or SERIALIZABLE); retry the transaction", ex);
        }
        return ex;
    }

    private int bindRow(PreparedStatement statement, int first, OutboxEntry entry) throws SQLException {
        statement.setString(first, entry.messageId().toString());
        statement.setString(first + 1, entry.topic());
        statement.setString(first + 2, entry.key());
        statement.setInt(first + 3, KeyHash.of(entry.key(), entry.messageId()));
        statement.setString(first + 4, entry.type());
        statement.setString(first + 5, HeadersJson.write(entry.headers()));
        statement.setBytes(first + 6, entry.payload());
        dialect.setInstant(statement, first + 7, entry.createdAt());
        dialect.setInstant(statement, first + 8, entry.availableAt());
        dialect.setInstant(statement, first + 9, entry.expiresAt());
        return first + 10;
    }

    private static int bindKey(PreparedStatement statement, int first, String topic, String key) throws SQLException {
        statement.setString(first, topic);
        statement.setString(first + 1, key);
        return first + 2;
    }
}
