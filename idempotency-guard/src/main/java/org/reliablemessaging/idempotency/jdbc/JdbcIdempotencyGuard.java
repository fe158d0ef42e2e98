package org.reliablemessaging.idempotency.jdbc;

import java.time.Clock;

import org.reliablemessaging.idempotency.GuardStoreUnavailableException;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An idempotency guard that records each processed message as a row of the processed-message table,
 * in the same transaction as the handler's own work: the effect and the record commit or roll back
 * together, so each message has exactly one effect per group while its row is kept.
 *
 * <p>The transaction is one of the application's {@link PlatformTransactionManager}, which must
 * manage the outbox database's {@code DataSource} (a {@code DataSourceTransactionManager} or a {@code JpaTransactionManager}
 * on it): the handler's JDBC or JPA work then joins it. An enclosing transaction is joined too.
 * A concurrent delivery of the same message waits on the row until the first one ends, then sees it
 * as a duplicate (or runs, if the first one rolled back). While the database is unavailable it
 * throws {@link GuardStoreUnavailableException}, so that an outage turns no message into a dead letter.
 */
public final class JdbcIdempotencyGuard implements IdempotencyGuard {

    private static final int MAX_GROUP_LENGTH = 255;

    private static final int MAX_MESSAGE_ID_LENGTH = 64;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final String insert;

    private final Clock clock;

    /**
     * @param transactionManager the application's, which the handler's own work joins; not the outbox
     *        database's own, since the record and the handler's effect must commit together
     */
    public JdbcIdempotencyGuard(OutboxDatabase database, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = database.jdbc();
        this.transaction = new TransactionTemplate(transactionManager);
        this.dialect = database.dialect();
        this.insert = ProcessedMessages.insert(dialect, database.tables());
        this.clock = clock;
    }

    @Override
    public boolean runOnce(String group, String messageId, Runnable work) {
        requireFits("group", group, MAX_GROUP_LENGTH);
        requireFits("message id", messageId, MAX_MESSAGE_ID_LENGTH);
        Boolean ran;
        try {
            ran = transaction.execute(status -> {
                if (!record(group, messageId)) {
                    return false;
                }
                work.run();
                return true;
            });
        }
        catch (CannotCreateTransactionException | DataAccessResourceFailureException
                | TransientDataAccessResourceException ex) {
            // The database is down or unreachable (no connection, shut down, restarting): nothing committed.
            throw new GuardStoreUnavailableException("database", group, messageId, ex);
        }
        return Boolean.TRUE.equals(ran);
    }

    /** Inserts the row unless it is there; {@code false} for a duplicate. */
    private boolean record(String group, String messageId) {
        try {
            return jdbc.update(insert, ps -> {
                ps.setString(1, group);
                ps.setString(2, messageId);
                dialect.setInstant(ps, 3, clock.instant());
            }) > 0;
        }
        catch (DuplicateKeyException ex) {
            // H2 waits for a concurrent insert of the same row like the others, but when that one commits it
            // reports the duplicate as a key violation instead of skipping the row; its transaction stays usable.
            return false;
        }
    }

    private static void requireFits(String name, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException("The %s must be 1 to %d characters, not blank, but was %s"
                .formatted(name, maxLength, value == null ? "null" : "'" + value + "'"));
        }
    }
}
