package org.reliablemessaging.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.internal.JsonPayloadSerializer;
import org.reliablemessaging.internal.MessageValidator;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

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
            })).isInstanceOf(ConcurrencyFailureException.class)
                .hasMessageContaining("could not serialize access")
                .hasMessageContaining("key 'k' of topic 'orders'")
                .hasMessageContaining("retry the transaction");

            db.inTransaction(() -> publisher.publish("orders", "k", 3));
            assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox() + " ORDER BY id", Long.class))
                .containsExactly(1L, 2L);
        }
    }

    /** The key's upsert, its raise to the topic's floor and the outbox insert go to the server together. */
    @Test
    void aKeyedPublishIsOneStatementExecutionForANewKeyAndForAKnownOne() {
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.postgres())) {
            AtomicInteger statements = new AtomicInteger();
            DataSource counting = new StatementCountingDataSource(db.dataSource, statements);
            JdbcReliablePublisher publisher = new JdbcReliablePublisher(new OutboxDatabase(counting, db.dialect, db.tables),
                    new JsonPayloadSerializer(JsonMapper.builder().build()), new MessageValidator(255, 1024 * 1024),
                    List.of(), Clock.systemUTC(), ObservationRegistry.NOOP, null);
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(counting));

            transaction.executeWithoutResult(status -> publisher.publish("orders", "new-key", 1));
            int forANewKey = statements.getAndSet(0);
            transaction.executeWithoutResult(status -> publisher.publish("orders", "new-key", 2));

            assertThat(forANewKey).isEqualTo(1);
            assertThat(statements).hasValue(1);
            assertThat(db.jdbc.queryForList("SELECT seq FROM " + db.tables.outbox() + " ORDER BY id", Long.class))
                .containsExactly(1L, 2L);
        }
    }

    /** Counts the statements prepared on its connections. */
    private static final class StatementCountingDataSource extends DelegatingDataSource {

        private final AtomicInteger statements;

        StatementCountingDataSource(DataSource target, AtomicInteger statements) {
            super(target);
            this.statements = statements;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                    (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            statements.incrementAndGet();
                        }
                        try {
                            return method.invoke(connection, args);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    });
        }
    }
}
