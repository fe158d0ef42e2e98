package org.reliablemessaging.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL that differs between the databases the outbox supports: key sequences, time arithmetic on
 * the database clock, bounded deletes, lock timeouts and how instants are bound.
 */
public enum OutboxDialect {

    POSTGRESQL("postgresql") {
        /** A key row is only ever committed above 0, so 0 coming back means this statement created it. */
        @Override
        KeyIncrement keyIncrement(OutboxTables t) {
            String upsert = "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?) "
                    + "ON CONFLICT (topic, msg_key) DO UPDATE SET last_seq = " + t.outboxKey()
                    + ".last_seq + 1, updated_at = EXCLUDED.updated_at RETURNING last_seq";
            return (jdbc, topic, key, now) -> {
                Long sequence = jdbc.query(upsert, statement -> bindKey(statement, topic, key, now),
                        rs -> rs.next() ? rs.getLong(1) : null);
                return sequence != null && sequence == 0;
            };
        }

        @Override
        public <T> T withLockTimeout(JdbcTemplate jdbc, Duration timeout, Supplier<T> work) {
            jdbc.execute("SET LOCAL lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
            return work.get();
        }

        @Override
        boolean isLockTimeout(SQLException ex) {
            return "55P03".equals(ex.getSQLState());
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
        /**
         * MySQL counts an inserted row as one and an updated one as two. Not an UPDATE first and an
         * INSERT when it found nothing: at REPEATABLE READ the UPDATE locks the gap where the row
         * would go, and two publishers of new keys in one gap then deadlock on their inserts.
         */
        @Override
        KeyIncrement keyIncrement(OutboxTables t) {
            String upsert = "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?) "
                    + "ON DUPLICATE KEY UPDATE last_seq = last_seq + 1, updated_at = VALUES(updated_at)";
            return (jdbc, topic, key, now) -> jdbc.update(upsert, statement -> bindKey(statement, topic, key, now)) == 1;
        }

        /** In whole seconds. */
        @Override
        public <T> T withLockTimeout(JdbcTemplate jdbc, Duration timeout, Supplier<T> work) {
            return withSessionLockTimeout(jdbc, "SELECT @@SESSION.innodb_lock_wait_timeout",
                    "SET SESSION innodb_lock_wait_timeout = ", Math.max(1, timeout.toSeconds()), work);
        }

        @Override
        boolean isLockTimeout(SQLException ex) {
            return ex.getErrorCode() == 1205;
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
        /**
         * H2 has no upsert that tells an insert from an update. Its INSERT fails on a duplicate key
         * when another transaction inserted the row first (once that one committed), and at once when
         * one is deleting it; the UPDATE then applies, or waits for the deletion and finds nothing.
         */
        @Override
        KeyIncrement keyIncrement(OutboxTables t) {
            String update = "UPDATE " + t.outboxKey() + " SET last_seq = last_seq + 1, updated_at = ? "
                    + "WHERE topic = ? AND msg_key = ?";
            String insert = "INSERT INTO " + t.outboxKey() + " (topic, msg_key, last_seq, updated_at) VALUES (?, ?, 0, ?)";
            return (jdbc, topic, key, now) -> {
                for (int attempt = 1;; attempt++) {
                    if (jdbc.update(update, statement -> {
                        setInstant(statement, 1, now);
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

        @Override
        public String nowPlusMillis() {
            return "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
        }

        @Override
        public <T> T withLockTimeout(JdbcTemplate jdbc, Duration timeout, Supplier<T> work) {
            return withSessionLockTimeout(jdbc, "SELECT LOCK_TIMEOUT()", "SET LOCK_TIMEOUT ",
                    Math.max(1, timeout.toMillis()), work);
        }

        @Override
        boolean isLockTimeout(SQLException ex) {
            return ex.getErrorCode() == 50200;
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
     * How a publish increments a key's {@code last_seq}, in one statement for a key that has a row;
     * a key without one gets a row at 0, to be raised with {@link #raiseKeyToFloor}. Either way the
     * key row stays locked until the publishing transaction ends.
     */
    abstract KeyIncrement keyIncrement(OutboxTables tables);

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
    final String raiseKeyToFloor(OutboxTables tables) {
        return "UPDATE " + tables.outboxKey() + " SET last_seq = 1 + COALESCE((SELECT f.seq_floor FROM "
                + tables.outboxSeqFloor() + " f WHERE f.topic = " + tables.outboxKey() + ".topic), 0) "
                + "WHERE topic = ? AND msg_key = ?";
    }

    /**
     * Runs {@code work} in the current transaction with waits for row locks limited to about
     * {@code timeout}, so a lock that publishers hold for as long as their transactions run never
     * stalls the caller for long (nor, on InnoDB, the publishers queued behind it).
     */
    public abstract <T> T withLockTimeout(JdbcTemplate jdbc, Duration timeout, Supplier<T> work);

    /**
     * Whether {@code ex} says a row lock could not be had: the wait ran out of time (see
     * {@link #withLockTimeout}), or the database broke a deadlock by failing this transaction.
     */
    public final boolean isLockConflict(DataAccessException ex) {
        if (ex instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isLockTimeout(sql)) {
                return true;
            }
        }
        return false;
    }

    abstract boolean isLockTimeout(SQLException ex);

    /** Sets a session's lock timeout for {@code work} and restores it afterwards: the pool keeps the connection. */
    private static <T> T withSessionLockTimeout(JdbcTemplate jdbc, String current, String set, long value,
            Supplier<T> work) {
        Long previous = jdbc.queryForObject(current, Long.class);
        jdbc.execute(set + value);
        try {
            return work.get();
        }
        finally {
            jdbc.execute(set + previous);
        }
    }

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

    /** Reads an instant from a {@code NOT NULL} timestamp column of the outbox. */
    public final Instant getRequiredInstant(ResultSet resultSet, String column) throws SQLException {
        return Objects.requireNonNull(getInstant(resultSet, column), () -> column + " is NOT NULL");
    }

    final void bindKey(PreparedStatement statement, String topic, String key, Instant now) throws SQLException {
        statement.setString(1, topic);
        statement.setString(2, key);
        setInstant(statement, 3, now);
    }

    /** Increments a key's sequence in the publishing transaction. */
    @FunctionalInterface
    interface KeyIncrement {

        /** @return whether the key had no row and now has one at 0 */
        boolean increment(JdbcTemplate jdbc, String topic, String key, Instant now);
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
