package org.reliablemessaging.jdbc;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes outbox rows with plain JDBC in the caller's transaction.
 *
 * <p>For a keyed message it first increments the key's sequence in {@code outbox_key}; that row
 * lock, held until commit, orders concurrent writers of one key, so the outbox id order of a key is
 * its commit order. The row's {@code seq} is read back from the key row in the same insert.
 */
public final class JdbcOutboxWriter {

    private final JdbcTemplate jdbc;

    private final OutboxDialect dialect;

    private final String upsertKey;

    private final String insertKeyed;

    private final String insertUnkeyed;

    public JdbcOutboxWriter(JdbcTemplate jdbc, OutboxDialect dialect, OutboxTables tables) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.upsertKey = dialect.upsertKey(tables);
        String columns = "INSERT INTO " + tables.outbox() + " (message_id, topic, msg_key, key_hash, type, headers, "
                + "payload, created_at, available_at, expires_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ";
        this.insertKeyed = columns + "(SELECT last_seq FROM " + tables.outboxKey() + " WHERE topic = ? AND msg_key = ?))";
        this.insertUnkeyed = columns + "0)";
    }

    /** Writes {@code entry}; must run inside a transaction on the outbox DataSource. */
    public void write(OutboxEntry entry) {
        if (entry.key() != null) {
            incrementSequence(entry);
        }
        jdbc.update(entry.key() != null ? insertKeyed : insertUnkeyed, statement -> {
            statement.setString(1, entry.messageId().toString());
            statement.setString(2, entry.topic());
            statement.setString(3, entry.key());
            statement.setInt(4, OutboxKeys.hash(entry.key(), entry.messageId()));
            statement.setString(5, entry.type());
            statement.setString(6, HeadersColumn.write(entry.headers()));
            statement.setBytes(7, entry.payload());
            dialect.setInstant(statement, 8, entry.createdAt());
            dialect.setInstant(statement, 9, entry.availableAt());
            dialect.setInstant(statement, 10, entry.expiresAt());
            if (entry.key() != null) {
                statement.setString(11, entry.topic());
                statement.setString(12, entry.key());
            }
        });
    }

    private void incrementSequence(OutboxEntry entry) {
        try {
            upsert(entry);
        }
        catch (DuplicateKeyException ex) {
            // H2's MERGE is not atomic against a concurrent first insert of the same key; the other
            // writer has committed the row by now (we waited on its lock), so the update path applies.
            upsert(entry);
        }
    }

    private void upsert(OutboxEntry entry) {
        jdbc.update(upsertKey, statement -> {
            statement.setString(1, entry.topic());
            statement.setString(2, entry.key());
            dialect.setInstant(statement, 3, entry.createdAt());
        });
    }
}
