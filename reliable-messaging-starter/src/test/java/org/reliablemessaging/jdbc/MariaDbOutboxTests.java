package org.reliablemessaging.jdbc;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbOutboxTests extends OutboxContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }

    /**
     * A snapshot taken before the relay deleted a key's row and raised its topic's floor: InnoDB
     * reads the floor inside the UPDATE as it is now, so the key goes on above it.
     */
    @Test
    void atRepeatableReadAKeyRowDeletedAfterTheSnapshotGoesOnAboveTheFloor() {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.mariadb())) {
            ReliablePublisher publisher = db.publisher();
            db.inTransaction(() -> publisher.publish("orders", "k", 1));
            TransactionTemplate repeatableRead = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource));
            repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);

            repeatableRead.execute(status -> {
                assertThat(db.jdbc.queryForList("SELECT seq_floor FROM " + db.tables.outboxSeqFloor(), Long.class))
                    .isEmpty();
                // What the relay's key cleanup does meanwhile, on a connection of its own.
                CompletableFuture.runAsync(() -> db.inTransaction(() -> {
                    db.jdbc.update("DELETE FROM " + db.tables.outboxKey());
                    return db.jdbc.update("INSERT INTO " + db.tables.outboxSeqFloor() + " (topic, seq_floor) "
                            + "VALUES ('orders', 1)");
                })).join();
                return publisher.publish("orders", "k", 2);
            });

            assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox() + " ORDER BY id", Long.class))
                .containsExactly(1L, 2L);
        }
    }
}
