package org.reliablemessaging.relay;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes the relay when another process commits outbox rows, by LISTENing on the channel the
 * publisher NOTIFYs in PostgreSQL. Holds one connection of the pool while running; starts only when
 * the outbox is on PostgreSQL.
 */
public final class PostgresCommitListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresCommitListener.class);

    private static final int POLL_MILLIS = 500;

    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);

    private final DataSource dataSource;

    private final OutboxDialect dialect;

    private final String channel;

    private final RelayWakeUp wakeUp;

    private volatile boolean running;

    private @Nullable Thread thread;

    public PostgresCommitListener(OutboxDatabase database, RelayWakeUp wakeUp) {
        // A connection of its own from the pool, held while running: LISTEN needs one that stays open.
        this.dataSource = database.dataSource();
        this.dialect = database.dialect();
        this.channel = database.tables().notifyChannel();
        this.wakeUp = wakeUp;
    }

    @Override
    public boolean isAutoStartup() {
        return dialect == OutboxDialect.POSTGRESQL;
    }

    @Override
    public int getPhase() {
        return OutboxRelay.PHASE;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofVirtual().name("rm-relay-listen").start(this::run);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            // Not interrupted: that would break its pooled connection; it leaves within one poll.
            try {
                thread.join(Duration.ofMillis(POLL_MILLIS * 4L));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                listen(connection);
            }
            catch (SQLException ex) {
                if (running) {
                    log.warn("Listening for outbox notifications on '{}' failed; reconnecting in {} (the relay polls "
                            + "meanwhile): {}", channel, RECONNECT_PAUSE, ex.getMessage());
                    sleep();
                }
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        // LISTEN takes effect at commit; a pool configured without auto-commit would never commit it.
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                wakeUp.wake();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT_PAUSE);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
