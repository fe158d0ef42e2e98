package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.transport.MessageSender;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Builds relays on a test database with fast timings, and stops them all at the end.
 */
final class RelayFixture implements AutoCloseable {

    static final Duration LEASE_TTL = Duration.ofSeconds(1);

    static final int SHARDS = 8;

    static final Duration CLEANUP_INTERVAL = Duration.ofMillis(200);

    private static final BackOff BACKOFF = backoff(Duration.ofMillis(100), Duration.ofMillis(400), 0.1);

    private final OutboxTestDatabase db;

    private final List<OutboxRelay> relays = new ArrayList<>();

    final RelayWakeUp wakeUp = new RelayWakeUp();

    RelayFixture(OutboxTestDatabase db) {
        this.db = db;
    }

    /** A backoff doubling from {@code initial} up to {@code max}, with {@code jitter} as a fraction of each wait. */
    static BackOff backoff(Duration initial, Duration max, double jitter) {
        ExponentialBackOff backoff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backoff.setMaxInterval(max.toMillis());
        backoff.setJitter(Math.round(jitter * initial.toMillis()));
        return backoff;
    }

    OutboxRelay start(MessageSender sender, int maxAttempts, boolean holdKeyAfterDead, Duration retention) {
        return start(sender, maxAttempts, holdKeyAfterDead, retention, Duration.ofMillis(50));
    }

    OutboxRelay start(MessageSender sender, int maxAttempts, boolean holdKeyAfterDead, Duration retention,
            Duration pollInterval) {
        return start(sender, maxAttempts, holdKeyAfterDead, retention, pollInterval, BACKOFF);
    }

    OutboxRelay start(MessageSender sender, int maxAttempts, boolean holdKeyAfterDead, Duration retention,
            Duration pollInterval, BackOff backoff) {
        return start(sender, maxAttempts, holdKeyAfterDead, pollInterval, backoff,
                new RelaySettings.Housekeeping(CLEANUP_INTERVAL, retention, Duration.ZERO, Duration.ZERO, 100));
    }

    OutboxRelay start(MessageSender sender, int maxAttempts, boolean holdKeyAfterDead, Duration pollInterval,
            BackOff backoff, RelaySettings.Housekeeping cleanup) {
        return start(sender, maxAttempts, holdKeyAfterDead, pollInterval, backoff, cleanup, Clock.systemUTC());
    }

    /** A relay whose JVM clock is {@code clock}, which may be far from the database's. */
    OutboxRelay start(MessageSender sender, Clock clock) {
        return start(sender, 5, true, Duration.ofMillis(50), BACKOFF,
                new RelaySettings.Housekeeping(CLEANUP_INTERVAL, Duration.ZERO, Duration.ZERO, Duration.ZERO, 100), clock);
    }

    private OutboxRelay start(MessageSender sender, int maxAttempts, boolean holdKeyAfterDead, Duration pollInterval,
            BackOff backoff, RelaySettings.Housekeeping cleanup, Clock clock) {
        var settings = new RelaySettings(SHARDS, 50, pollInterval, Duration.ofSeconds(10), LEASE_TTL,
                new RelaySettings.Retries(maxAttempts, backoff, holdKeyAfterDead), cleanup);
        var relay = OutboxRelay.create(db.database, "relay-" + relays.size(), sender, wakeUp, settings, RelayMetrics.NONE,
                clock);
        relays.add(relay);
        relay.start();
        return relay;
    }

    OutboxRelay start(MessageSender sender, RelaySettings.Housekeeping cleanup) {
        return start(sender, 5, true, Duration.ofMillis(50), BACKOFF, cleanup);
    }

    OutboxRelay start(MessageSender sender) {
        return start(sender, 5, true, Duration.ZERO);
    }

    @Override
    public void close() {
        relays.forEach(OutboxRelay::stop);
    }
}
