package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.jdbc.RetentionCleaner.Rows;

/**
 * The SQL of the processed-message table, where the JDBC guard records what each consumer group
 * processed.
 */
public final class ProcessedMessages {

    private ProcessedMessages() {
    }

    /** The records past their retention, for the cleaner of the table. */
    public static Rows expiring(OutboxTables tables) {
        return new Rows("processed messages", tables.processedMessage(), "group_name, message_id", "processed_at < ?");
    }

    /**
     * Inserts a processed message (parameters: group, message id, processed at) unless the group
     * already has it: a duplicate updates no row. A concurrent uncommitted insert of the same pair
     * makes it wait, and it sees the duplicate once that one commits (H2 then throws a duplicate key
     * error instead, which leaves its transaction usable).
     */
    static String insert(OutboxDialect dialect, OutboxTables tables) {
        String table = tables.processedMessage();
        return switch (dialect) {
            case POSTGRESQL -> "INSERT INTO " + table + " (group_name, message_id, processed_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (group_name, message_id) DO NOTHING";
            // IGNORE, because ON DUPLICATE KEY UPDATE reports a duplicate as one row under the drivers'
            // default CLIENT_FOUND_ROWS; IGNORE would also truncate oversized values, so callers check lengths.
            case MYSQL -> "INSERT IGNORE INTO " + table + " (group_name, message_id, processed_at) VALUES (?, ?, ?)";
            case H2 -> "MERGE INTO " + table + " p USING (VALUES (CAST(? AS VARCHAR(255)), "
                    + "CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (group_name, message_id, "
                    + "processed_at) ON p.group_name = s.group_name AND p.message_id = s.message_id "
                    + "WHEN NOT MATCHED THEN INSERT (group_name, message_id, processed_at) "
                    + "VALUES (s.group_name, s.message_id, s.processed_at)";
        };
    }
}
