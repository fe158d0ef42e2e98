package org.reliablemessaging.jdbc;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresOutboxTests extends OutboxContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }

    /**
     * A snapshot taken before the relay deleted a key's row and raised its topic's floor does not
     * see the raise: the publish must fail, for the application to retry, not restart the key at 1.
     */
    @Test
    void atRepeatableReadAKeyRowDeletedAfterTheSnapshotFailsThePublishRatherThanRestartItsSequence() {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.postgres())) {
            ReliablePublisher publisher = db.publisher();
            db.inTransaction(() -> publisher.publish("orders", "k", 1));
            TransactionTemplate repeatableRead = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource));
            repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);

            assertThatThrownBy(() -> repeatableRead.execute(status -> {
                db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.outbox(), Long.class);
                // What the relay's key cleanup does meanwhile, on a connection of its own.
                CompletableFuture.runAsync(() -> db.inTransaction(() -> {
                    db.jdbc.update("DELETE FROM " + db.tables.outboxKey());
                    return db.jdbc.update("INSERT INTO " + db.tables.outboxSeqFloor() + " (topic, seq_floor) "
                            + "VALUES ('orders', 1)");
                })).join();
                return publisher.publish("orders", "k", 2);
            })).isInstanceOf(ConcurrencyFailureException.class).hasMessageContaining("could not serialize access");

            db.inTransaction(() -> publisher.publish("orders", "k", 3));
            assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox() + " ORDER BY id", Long.class))
                .containsExactly(1L, 2L);
        }
    }
}
