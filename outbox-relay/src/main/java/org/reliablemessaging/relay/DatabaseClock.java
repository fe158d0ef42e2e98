package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database's clock as the relay reads it: the current instant is read from the database now and then and
 * advanced in between by the JVM's monotonic timer, so that which delayed rows are due, which have expired and
 * when a retry is due never depend on the wall clock of the relay's host.
 */
final class DatabaseClock extends Clock {

    private final JdbcTemplate jdbc;
    private final OutboxDialect dialect;
    private final String query;
    private final long rereadNanos;
    private @Nullable Instant readAt;
    private long readAtNanos;

    DatabaseClock(OutboxDatabase database, Duration reread) {
        this.jdbc = database.jdbc();
        this.dialect = database.dialect();
        this.query = "SELECT " + currentInstant(dialect) + " AS db_now";
        this.rereadNanos = reread.toNanos();
    }

    /**
     * The database's current time as the outbox's timestamp columns hold it: in UTC (on MySQL and MariaDB,
     * whose {@code CURRENT_TIMESTAMP} is in the session's time zone, while the columns hold UTC).
     */
    static String currentInstant(OutboxDialect dialect) {
        return dialect == OutboxDialect.MYSQL ? "UTC_TIMESTAMP(6)" : "CURRENT_TIMESTAMP";
    }

    @Override
    public synchronized Instant instant() {
        long nanos = System.nanoTime();
        Instant read = readAt;
        if (read != null && nanos - readAtNanos < rereadNanos) {
            return read.plusNanos(nanos - readAtNanos);
        }
        Instant now = Objects.requireNonNull(jdbc.queryForObject(query,
                (rs, row) -> dialect.getRequiredInstant(rs, "db_now")), "a SELECT of the time returns a row");
        readAt = now;
        readAtNanos = System.nanoTime();
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the database clock is in UTC only");
    }
}
