package org.reliablemessaging.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The SQL that differs between the databases the outbox supports: key upserts, time arithmetic on
 * the database clock, bounded deletes and how instants are bound.
 */
public enum OutboxDialect {

    POSTGRESQL("postgresql") {
        @Override
        public String upsertKey(OutboxTables t) {
            return "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 1, ?) "
                    + "ON CONFLICT (topic, msg_key) DO UPDATE SET last_seq = " + t.outboxKey()
                    + ".last_seq + 1, updated_at = EXCLUDED.updated_at";
        }

        @Override
        public String nowPlusMillis() {
            return "(CURRENT_TIMESTAMP + ? * INTERVAL '1 millisecond')";
        }

        @Override
        public String insertProcessedMessage(OutboxTables t) {
            return "INSERT INTO " + t.processedMessage() + " (group_name, message_id, processed_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (group_name, message_id) DO NOTHING";
        }

        @Override
        public String deleteLimited(String table, String rowKey, String where) {
            return "DELETE FROM " + table + " WHERE (" + rowKey + ") IN (SELECT " + rowKey + " FROM " + table
                    + " WHERE " + where + " LIMIT ?)";
        }

        /**
         * Statistics taken while the outbox was nearly empty, or none on a new table, make the
         * planner expect a handful of pending rows when a backlog builds up; it then sorts every
         * pending row for each batch (190 ms for 100,000) instead of walking the pending index
         * and stopping at the limit (2 ms).
         */
        @Override
        public String beforeClaim() {
            return "SET LOCAL enable_sort = off";
        }
    },

    MYSQL("mysql") {
        @Override
        public String upsertKey(OutboxTables t) {
            return "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 1, ?) "
                    + "ON DUPLICATE KEY UPDATE last_seq = last_seq + 1, updated_at = VALUES(updated_at)";
        }

        @Override
        public String now() {
            return "CURRENT_TIMESTAMP(6)";
        }

        @Override
        public String nowPlusMillis() {
            return "TIMESTAMPADD(MICROSECOND, ? * 1000, CURRENT_TIMESTAMP(6))";
        }

        /**
         * IGNORE, because ON DUPLICATE KEY UPDATE reports a duplicate as one row under the drivers'
         * default CLIENT_FOUND_ROWS; IGNORE would also truncate oversized values, so callers check lengths.
         */
        @Override
        public String insertProcessedMessage(OutboxTables t) {
            return "INSERT IGNORE INTO " + t.processedMessage()
                    + " (group_name, message_id, processed_at) VALUES (?, ?, ?)";
        }

        @Override
        public String deleteLimited(String table, String rowKey, String where) {
            return "DELETE FROM " + table + " WHERE " + where + " ORDER BY " + rowKey + " LIMIT ?";
        }

        @Override
        public @Nullable Object columnValue(@Nullable Instant instant) {
            return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }

        @Override
        public @Nullable Instant getInstant(ResultSet resultSet, String column) throws SQLException {
            LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
            return value == null ? null : value.toInstant(ZoneOffset.UTC);
        }
    },

    H2("h2") {
        @Override
        public String upsertKey(OutboxTables t) {
            return "MERGE INTO " + t.outboxKey() + " k USING (VALUES (CAST(? AS VARCHAR(249)), CAST(? AS VARCHAR(255)), "
                    + "CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (topic, msg_key, updated_at) "
                    + "ON k.topic = s.topic AND k.msg_key = s.msg_key "
                    + "WHEN MATCHED THEN UPDATE SET last_seq = k.last_seq + 1, updated_at = s.updated_at "
                    + "WHEN NOT MATCHED THEN INSERT (topic, msg_key, last_seq, updated_at) "
                    + "VALUES (s.topic, s.msg_key, 1, s.updated_at)";
        }

        @Override
        public String nowPlusMillis() {
            return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
        }

        @Override
        public String insertProcessedMessage(OutboxTables t) {
            return "MERGE INTO " + t.processedMessage() + " p USING (VALUES (CAST(? AS VARCHAR(255)), "
                    + "CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (group_name, message_id, "
                    + "processed_at) ON p.group_name = s.group_name AND p.message_id = s.message_id "
                    + "WHEN NOT MATCHED THEN INSERT (group_name, message_id, processed_at) "
                    + "VALUES (s.group_name, s.message_id, s.processed_at)";
        }

        @Override
        public String deleteLimited(String table, String rowKey, String where) {
            return "DELETE FROM " + table + " WHERE " + where + " FETCH FIRST ? ROWS ONLY";
        }
    };

    private final String vendor;

    OutboxDialect(String vendor) {
        this.vendor = vendor;
    }

    /** The folder of this database's migrations under {@code db/reliable-messaging/}. */
    public String vendor() {
        return vendor;
    }

    /**
     * An upsert of the key row that increments {@code last_seq}; parameters: topic, key, now.
     * Run in the publishing transaction, it locks the key row until commit.
     */
    public abstract String upsertKey(OutboxTables tables);

    /** The database's current time, for lease columns. */
    public String now() {
        return "CURRENT_TIMESTAMP";
    }

    /** The database's current time plus a number of milliseconds given as one parameter. */
    public abstract String nowPlusMillis();

    /**
     * Inserts a processed message (parameters: group, message id, processed at) unless the group
     * already has it: a duplicate updates no row. A concurrent uncommitted insert of the same pair
     * makes it wait, and it sees the duplicate once that one commits (H2 then throws a duplicate key
     * error instead, which leaves its transaction usable).
     */
    public abstract String insertProcessedMessage(OutboxTables tables);

    /** Deletes at most a given number of rows (the last parameter) of {@code table} matching {@code where}. */
    public final String deleteLimited(String table, String where) {
        return deleteLimited(table, "id", where);
    }

    /**
     * Deletes at most a given number of rows (the last parameter) of {@code table} matching
     * {@code where}; {@code rowKey} lists the columns that identify a row, such as its primary key.
     */
    public abstract String deleteLimited(String table, String rowKey, String where);

    /**
     * A statement the relay runs in the transaction of its claim, before reading the pending rows
     * in id order; {@code null} when the claim needs none and runs without a transaction.
     */
    public @Nullable String beforeClaim() {
        return null;
    }

    /** The JDBC value of an instant for a timestamp column of the outbox (UTC). */
    public @Nullable Object columnValue(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Binds an instant to a timestamp column of the outbox. */
    public final void setInstant(PreparedStatement statement, int index, @Nullable Instant instant) throws SQLException {
        statement.setObject(index, columnValue(instant));
    }

    /** Reads an instant from a timestamp column of the outbox. */
    public @Nullable Instant getInstant(ResultSet resultSet, String column) throws SQLException {
        OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The dialect of the database behind {@code dataSource}. */
    public static OutboxDialect of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData());
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not connect to the outbox database to find its type", ex);
        }
    }

    static OutboxDialect of(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (product.contains("mysql") || product.contains("mariadb")) {
            return MYSQL;
        }
        if (product.contains("h2")) {
            return H2;
        }
        throw new IllegalStateException("The outbox supports PostgreSQL, MySQL, MariaDB and H2, not '"
                + metaData.getDatabaseProductName() + "'. Point Reliable Messaging at one of those DataSources.");
    }
}
