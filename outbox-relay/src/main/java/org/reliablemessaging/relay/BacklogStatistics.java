package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;

/**
 * How many messages wait in the outbox and for how long, read from the database at most once per
 * refresh interval, however often metrics and health checks ask.
 */
public final class BacklogStatistics {

    private final OutboxDatabase database;

    private final String query;

    private final Clock clock;

    private final Duration refreshInterval;

    private @Nullable Backlog backlog;

    private Instant readAt = Instant.MIN;

    public BacklogStatistics(OutboxDatabase database, Clock clock, Duration refreshInterval) {
        this.database = database;
        // Since when the most overdue pending row has been due: a delayed message is due at its delivery
        // time, every other one (retries included) since it was published.
        this.query = "SELECT COUNT(*) AS pending, MIN(CASE WHEN attempts = 0 AND available_at IS NOT NULL "
                + "THEN available_at ELSE created_at END) AS due_since FROM " + database.tables().outbox()
                + " WHERE status = 'PENDING'";
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    /** Pending rows, as of at most the refresh interval ago. */
    public long count() {
        return current().count();
    }

    /** How long the most overdue pending message has been due; zero when none is. */
    public Duration oldestAge() {
        Instant dueSince = current().dueSince();
        if (dueSince == null) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(dueSince, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private synchronized Backlog current() {
        Instant now = clock.instant();
        if (backlog == null || !now.isBefore(readAt.plus(refreshInterval))) {
            backlog = read();
            readAt = now;
        }
        return backlog;
    }

    private Backlog read() {
        OutboxDialect dialect = database.dialect();
        return database.client().sql(query)
            .query((rs, rowNum) -> new Backlog(rs.getLong("pending"), dialect.getInstant(rs, "due_since")))
            .single();
    }

    /**
     * How much is waiting in the outbox.
     *
     * @param count pending rows
     * @param dueSince since when the most overdue pending row has been due (may be in the future
     *        when every pending row is delayed), {@code null} when none
     */
    private record Backlog(long count, @Nullable Instant dueSince) {
    }
}
