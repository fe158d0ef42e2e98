package org.reliablemessaging.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.testservices.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** The NOTIFY that wakes relays in other processes: after the commit, never for a rollback, and shared by bursts. */
class PostgresCommitNotifierTests {

    private OutboxTestDatabase db;

    private Connection listening;

    @BeforeEach
    void listen() throws SQLException {
        db = new OutboxTestDatabase(TestDatabases.postgres());
        listening = db.dataSource.getConnection();
        listening.setAutoCommit(true);
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + db.tables.notifyChannel());
        }
    }

    @AfterEach
    void close() throws SQLException {
        listening.close();
        db.close();
    }

    @Test
    void aCommittedPublishNotifiesAndARolledBackOneDoesNot() throws SQLException {
        ReliablePublisher publisher = db.publisher();

        db.transaction.executeWithoutResult(status -> {
            publisher.publish("orders", "k", 1);
            status.setRollbackOnly();
        });
        assertThat(notificationsWithin(1000)).isEmpty();

        db.inTransaction(() -> publisher.publish("orders", "k", 2));
        assertThat(notificationsWithin(3000)).isNotEmpty();
    }

    @Test
    void commitsWhileANotifyIsOnItsWayShareTheNextOne() throws SQLException {
        PostgresCommitNotifier notifier = new PostgresCommitNotifier(db.database);

        for (int i = 0; i < 1000; i++) {
            notifier.outboxCommitted();
        }

        List<PGNotification> received = notificationsWithin(3000);
        assertThat(received).isNotEmpty().hasSizeLessThan(100);
    }

    /** All notifications that arrive until {@code quietMillis} pass without one. */
    private List<PGNotification> notificationsWithin(int quietMillis) throws SQLException {
        List<PGNotification> received = new ArrayList<>();
        PGConnection pg = listening.unwrap(PGConnection.class);
        PGNotification[] batch;
        while ((batch = pg.getNotifications(quietMillis)) != null && batch.length > 0) {
            received.addAll(List.of(batch));
        }
        return received;
    }
}
