package org.reliablemessaging.jdbc;

import org.reliablemessaging.internal.KeyHash;
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
 * floor, in a second statement that runs once the row exists; a key that has a row costs one
 * statement. So each key's sequence increases, without gaps while the key is in use.
 */
public final class JdbcOutboxWriter {

    private final JdbcTemplate jdbc;

    private final OutboxDialect dialect;

    private final KeySequences sequences;

    private final String insertKeyed;

    private final String insertUnkeyed;

    public JdbcOutboxWriter(OutboxDatabase database) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        this.dialect = database.dialect();
        this.sequences = new KeySequences(jdbc, dialect, tables);
        String columns = "INSERT INTO " + tables.outbox() + " (message_id, topic, msg_key, key_hash, type, headers, "
                + "payload, created_at, available_at, expires_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ";
        this.insertKeyed = columns + "(SELECT last_seq FROM " + tables.outboxKey() + " WHERE topic = ? AND msg_key = ?))";
        this.insertUnkeyed = columns + "0)";
    }

    /** Writes {@code entry}; must run inside a transaction on the outbox DataSource. */
    public void write(OutboxEntry entry) {
        String key = entry.key();
        if (key != null) {
            sequences.advance(entry.topic(), key, entry.createdAt());
        }
        jdbc.update(entry.key() != null ? insertKeyed : insertUnkeyed, statement -> {
            statement.setString(1, entry.messageId().toString());
            statement.setString(2, entry.topic());
            statement.setString(3, entry.key());
            statement.setInt(4, KeyHash.of(entry.key(), entry.messageId()));
            statement.setString(5, entry.type());
            statement.setString(6, HeadersJson.write(entry.headers()));
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
}
