package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.relay.jdbc.RelayOutboxStore;
import org.reliablemessaging.relay.jdbc.RelayOutboxStore.PendingStats;

/**
 * How many messages wait in the outbox and for how long, read from the database at most once per
 * refresh interval, however often metrics and health checks ask.
 */
public final class PendingMessages {

    private final RelayOutboxStore store;

    private final Clock clock;

    private final Duration refreshInterval;

    private @Nullable PendingStats stats;

    private Instant readAt = Instant.MIN;

    public PendingMessages(RelayOutboxStore store, Clock clock, Duration refreshInterval) {
        this.store = store;
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

    private synchronized PendingStats current() {
        Instant now = clock.instant();
        if (stats == null || !now.isBefore(readAt.plus(refreshInterval))) {
            stats = store.pendingStats();
            readAt = now;
        }
        return stats;
    }
}
