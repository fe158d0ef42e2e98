package org.reliablemessaging.jdbc;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox database as the product's stores use it: its tables and dialect, JDBC access to it, and
 * transactions of the stores' own on it.
 *
 * <p>Stores that commit their work by themselves (the relay, dead letters, held keys, cleaners, leases)
 * run it in a transaction of this database's own manager, on the outbox {@link DataSource}: their commit
 * must depend neither on the pool's auto-commit, nor on a caller's transaction that may roll back, nor on
 * which transaction managers the application has (JPA, JTA, several). Work that must join the caller's
 * transaction (publishing, the JDBC idempotency guard) uses {@link #jdbc()} inside that transaction.
 */
public final class OutboxDatabase {

    private final DataSource dataSource;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final JdbcTemplate jdbc;

    private final JdbcClient client;

    private final PlatformTransactionManager transactionManager;

    public OutboxDatabase(DataSource dataSource, OutboxDialect dialect, OutboxTables tables) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
        this.jdbc = new JdbcTemplate(dataSource);
        this.client = JdbcClient.create(jdbc);
        this.transactionManager = new DataSourceTransactionManager(dataSource);
    }

    /** The {@link DataSource} that holds the outbox tables. */
    public DataSource dataSource() {
        return dataSource;
    }

    public OutboxDialect dialect() {
        return dialect;
    }

    public OutboxTables tables() {
        return tables;
    }

    /** Statements on the outbox database, in the transaction bound to the current thread if there is one. */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Statements with named parameters on the outbox database, as {@link #jdbc()}. */
    public JdbcClient client() {
        return client;
    }

    /**
     * A template for a transaction of the store's own on the outbox database, which joins a transaction
     * already open on it (unless the store asks for another propagation); a new one per call, for the
     * store to set its isolation and propagation on.
     */
    public TransactionTemplate newTransaction() {
        return new TransactionTemplate(transactionManager);
    }
}
