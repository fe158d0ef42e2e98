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
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL that differs between the databases the outbox supports and that every store needs: time
 * arithmetic on the database clock, bounded deletes, lock timeouts and how instants are bound. SQL of
 * one store only lives with it (key sequences with the outbox writer, the claim with the relay, the
 * processed-message insert with the JDBC guard).
 */
public enum OutboxDialect {

    POSTGRESQL("postgresql") {
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
        public String deleteLimited(String table, String rowKey, String where) {
            return "DELETE FROM " + table + " WHERE (" + rowKey + ") IN (SELECT " + rowKey + " FROM " + table
                    + " WHERE " + where + " LIMIT ?)";
        }
    },

    MYSQL("mysql") {
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

    /** Deletes at most a given number of rows (the last parameter) of {@code table} matching {@code where}. */
    public final String deleteLimited(String table, String where) {
        return deleteLimited(table, "id", where);
    }

    /**
     * Deletes at most a given number of rows (the last parameter) of {@code table} matching
     * {@code where}; {@code rowKey} lists the columns that identify a row, such as its primary key.
     */
    public abstract String deleteLimited(String table, String rowKey, String where);

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
