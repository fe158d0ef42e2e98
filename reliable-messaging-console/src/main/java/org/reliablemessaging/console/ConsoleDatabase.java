package org.reliablemessaging.console;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.FailureFingerprint;
import org.reliablemessaging.jdbc.HeadersJson;
import org.reliablemessaging.jdbc.JdbcOutboxWriter;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxEntry;
import org.reliablemessaging.jdbc.OutboxTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox database as the operations API uses it: the one place that knows the starter's JDBC
 * classes (table names, dialect, outbox writer, headers column, failure fingerprint), so that the
 * rest of the module is plain SQL on these tables.
 */
public final class ConsoleDatabase {

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate named;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final JdbcOutboxWriter outbox;

    private final Clock clock;

    public ConsoleDatabase(OutboxDatabase database, Clock clock) {
        this.jdbc = database.jdbc();
        this.named = new NamedParameterJdbcTemplate(jdbc);
        // Actions commit on their own, on the outbox database, whatever the application's transactions.
        this.transaction = database.newTransaction();
        // No gap locks (MySQL): actions must not block publishers' inserts.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = database.dialect();
        this.tables = database.tables();
        this.outbox = new JdbcOutboxWriter(database);
        this.clock = clock;
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public NamedParameterJdbcTemplate named() {
        return named;
    }

    public OutboxTables tables() {
        return tables;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code work} in a transaction of its own, committed when it returns. */
    public <T> T inTransaction(Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    /** The JDBC value of an instant for the product's timestamp columns. */
    public Object value(Instant instant) {
        return Objects.requireNonNull(dialect.columnValue(instant), "the value of an instant");
    }

    /** An instant of a timestamp column that may be NULL. */
    public @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        return dialect.getInstant(row, column);
    }

    /** An instant of a {@code NOT NULL} timestamp column. */
    public Instant requiredInstant(ResultSet row, String column) throws SQLException {
        return dialect.getRequiredInstant(row, column);
    }

    /** The database's current time, as leases use it. */
    public Instant databaseNow() {
        Instant now = jdbc.query("SELECT " + dialect.now() + " AS now_at",
                rs -> rs.next() ? dialect.getInstant(rs, "now_at") : null);
        return now != null ? now : clock.instant();
    }

    /** A statement deleting at most a given number (its last parameter) of {@code table}'s rows matching {@code where}. */
    public String deleteLimited(String table, String where) {
        return dialect.deleteLimited(table, where);
    }

    /** Writes a message into the outbox, in the current transaction. */
    public void publish(OutboxEntry entry) {
        outbox.write(entry);
    }

    public static Map<String, String> headers(@Nullable String column) {
        return HeadersJson.read(column);
    }

    public static FailureFingerprint fingerprint(String errorClass, @Nullable String errorMessage,
            @Nullable String stackExcerpt) {
        return FailureFingerprint.of(errorClass, errorMessage, stackExcerpt);
    }
}
