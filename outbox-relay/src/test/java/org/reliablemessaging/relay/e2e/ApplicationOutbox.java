package org.reliablemessaging.relay.e2e;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an end-to-end test does with an application's outbox: work in its transactions, and look at
 * the rows its relay has not sent yet.
 */
final class ApplicationOutbox {

    private ApplicationOutbox() {
    }

    /** Runs {@code work} in a transaction of the application and commits it. */
    static <T> T inTransaction(ApplicationContext context, Supplier<T> work) {
        return new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).execute(status -> work.get());
    }

    /** Rows not sent yet. */
    static long pending(ApplicationContext context) {
        return jdbc(context).queryForObject("SELECT COUNT(*) FROM rm_outbox WHERE status = 'PENDING'", Long.class);
    }

    /** Failed attempts over all rows. */
    static long failedAttempts(ApplicationContext context) {
        return jdbc(context).queryForObject("SELECT COALESCE(SUM(attempts), 0) FROM rm_outbox", Long.class);
    }

    static JdbcTemplate jdbc(ApplicationContext context) {
        return new JdbcTemplate(context.getBean(DataSource.class));
    }
}
