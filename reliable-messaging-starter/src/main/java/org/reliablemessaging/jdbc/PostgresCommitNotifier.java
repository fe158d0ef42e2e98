package org.reliablemessaging.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;

import org.reliablemessaging.spi.OutboxCommitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tells relays in other processes that outbox rows committed, with a PostgreSQL NOTIFY sent after
 * the commit on a connection of its own; commits that happen while one NOTIFY is on its way share
 * the next one.
 *
 * <p>A NOTIFY inside the business transaction would take PostgreSQL's database-wide notification
 * lock at commit, which serializes every publishing commit; sent afterwards, at most one is in
 * flight per process. A NOTIFY lost to a crash right after the commit only delays delivery until
 * the relay's next poll.
 */
public final class PostgresCommitNotifier implements OutboxCommitListener {

    private static final Logger log = LoggerFactory.getLogger(PostgresCommitNotifier.class);

    private final JdbcTemplate jdbc;

    private final String channel;

    private final AtomicBoolean committedSinceLastNotify = new AtomicBoolean();

    private final AtomicBoolean notifying = new AtomicBoolean();

    public PostgresCommitNotifier(OutboxDatabase database) {
        // Outside any transaction (after the commit), so on a connection of its own in auto-commit.
        this.jdbc = database.jdbc();
        this.channel = database.tables().notifyChannel();
    }

    @Override
    public void outboxCommitted() {
        committedSinceLastNotify.set(true);
        if (notifying.compareAndSet(false, true)) {
            Thread.ofVirtual().name("rm-outbox-notify").start(this::notifyUntilCaughtUp);
        }
    }

    private void notifyUntilCaughtUp() {
        do {
            while (committedSinceLastNotify.getAndSet(false)) {
                sendNotify();
            }
            notifying.set(false);
            // A commit that came after the last check but before the flag cleared found a sender still running.
        }
        while (committedSinceLastNotify.get() && notifying.compareAndSet(false, true));
    }

    private void sendNotify() {
        try {
            jdbc.queryForObject("SELECT pg_notify(?, '')", Object.class, channel);
        }
        catch (DataAccessException ex) {
            log.warn("Could not notify relays on channel '{}' of committed outbox rows; they pick them up on their "
                    + "next poll: {}", channel, ex.getMessage());
        }
    }
}
