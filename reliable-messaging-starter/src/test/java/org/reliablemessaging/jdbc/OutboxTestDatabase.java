package org.reliablemessaging.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.internal.JsonPayloadSerializer;
import org.reliablemessaging.internal.MessageValidator;
import org.reliablemessaging.spi.OutboxCommitListener;
import org.reliablemessaging.testservices.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.observation.ObservationRegistry;

import tools.jackson.databind.json.JsonMapper;

/**
 * An isolated database with the outbox tables migrated, and the pieces a test needs around it.
 */
public final class OutboxTestDatabase implements AutoCloseable {

    public final HikariDataSource dataSource;

    public final OutboxDialect dialect;

    public final OutboxTables tables;

    public final JdbcTemplate jdbc;

    public final TransactionTemplate transaction;

    public final OutboxDatabase database;

    public OutboxTestDatabase(TestDatabase database, OutboxTables tables) {
        this(database.dataSource(), tables);
    }

    private OutboxTestDatabase(HikariDataSource dataSource, OutboxTables tables) {
        this.dataSource = dataSource;
        this.dialect = OutboxDialect.of(dataSource);
        this.tables = tables;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.database = new OutboxDatabase(dataSource, dialect, tables);
        new OutboxSchemaInitializer(dataSource, dialect, tables).afterPropertiesSet();
    }

    public OutboxTestDatabase(TestDatabase database) {
        this(database, OutboxTables.withDefaultPrefix());
    }

    /** The database behind a pool that never commits on its own, as many Hibernate setups have it. */
    public static OutboxTestDatabase withoutAutoCommit(TestDatabase database) {
        return withPool(database, dataSource -> dataSource.setAutoCommit(false));
    }

    /**
     * The database behind a pool that gives up waiting for a connection after {@code timeout}, for tests
     * that take the database away (Hikari reads the timeout when the pool starts: set later, it is ignored).
     */
    public static OutboxTestDatabase withConnectionTimeout(TestDatabase database, Duration timeout) {
        return withPool(database, dataSource -> dataSource.setConnectionTimeout(timeout.toMillis()));
    }

    /** The database behind a pool with {@code settings} applied before it starts. */
    private static OutboxTestDatabase withPool(TestDatabase database, Consumer<HikariDataSource> settings) {
        HikariDataSource dataSource = database.dataSource();
        settings.accept(dataSource);
        return new OutboxTestDatabase(dataSource, OutboxTables.withDefaultPrefix());
    }

    /** A publisher on this database with default limits and the given commit listeners. */
    public ReliablePublisher publisher(OutboxCommitListener... listeners) {
        return publisher(ObservationRegistry.NOOP, listeners);
    }

    /** A publisher on this database with default limits, observed by {@code observations}. */
    public ReliablePublisher publisher(ObservationRegistry observations, OutboxCommitListener... listeners) {
        List<OutboxCommitListener> commitListeners = new ArrayList<>(List.of(listeners));
        if (dialect == OutboxDialect.POSTGRESQL) {
            commitListeners.add(new PostgresCommitNotifier(database));
        }
        return new JdbcReliablePublisher(database, new JsonPayloadSerializer(JsonMapper.builder().build()), new MessageValidator(255, 1024 * 1024),
                commitListeners, Clock.systemUTC(), observations, null);
    }

    /** Runs {@code work} in a transaction on this database and commits it. */
    public <T> T inTransaction(Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    /** All outbox rows in id order. */
    public List<Map<String, Object>> outboxRows() {
        return jdbc.queryForList("SELECT * FROM " + tables.outbox() + " ORDER BY id");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
