package org.reliablemessaging.idempotency.jdbc;

import java.time.Clock;
import java.util.List;

import org.reliablemessaging.idempotency.GuardStoreUnavailableException;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.jspecify.annotations.Nullable;
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
 *
 * <p>With {@link GuardBatching batching}, messages of different keys that are ready together share one
 * transaction (see {@link TransactionBatcher}): their handlers run on the batch's thread, one commit for all.
 */
public final class JdbcIdempotencyGuard implements IdempotencyGuard, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcIdempotencyGuard.class);

    private static final int MAX_GROUP_LENGTH = 255;

    private static final int MAX_MESSAGE_ID_LENGTH = 64;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final String insert;

    private final Clock clock;

    private final GuardBatching batching;

    private final @Nullable TransactionBatcher batcher;

    private volatile boolean warnedOfMissingCounts;

    /**
     * A guard with one transaction per message.
     * @param transactionManager the application's, which the handler's own work joins; not the outbox
     *        database's own, since the record and the handler's effect must commit together
     */
    public JdbcIdempotencyGuard(OutboxDatabase database, PlatformTransactionManager transactionManager, Clock clock) {
        this(database, transactionManager, clock, GuardBatching.OFF);
    }

    /**
     * A guard that batches messages ready together as {@code batching} says.
     * @param transactionManager the application's, which the handler's own work joins
     */
    public JdbcIdempotencyGuard(OutboxDatabase database, PlatformTransactionManager transactionManager, Clock clock,
            GuardBatching batching) {
        this.jdbc = database.jdbc();
        this.transaction = new TransactionTemplate(transactionManager);
        this.dialect = database.dialect();
        this.insert = ProcessedMessages.insert(dialect, database.tables());
        this.clock = clock;
        this.batching = batching;
        this.batcher = batching.enabled() ? new TransactionBatcher(batching, transaction, this::recordAll) : null;
    }

    @Override
    public boolean runOnce(String group, String messageId, Runnable work) {
        requireFits("group", group, MAX_GROUP_LENGTH);
        requireFits("message id", messageId, MAX_MESSAGE_ID_LENGTH);
        try {
            TransactionBatcher.Outcome outcome = batcher != null ? batcher.submit(group, messageId, work)
                    : TransactionBatcher.Outcome.ALONE;
            return outcome == TransactionBatcher.Outcome.ALONE ? runAlone(group, messageId, work)
                    : outcome == TransactionBatcher.Outcome.RAN;
        }
        catch (CannotCreateTransactionException | DataAccessResourceFailureException
                | TransientDataAccessResourceException ex) {
            // The database is down or unreachable (no connection, shut down, restarting): nothing committed.
            throw new GuardStoreUnavailableException("database", group, messageId, ex);
        }
    }

    private boolean runAlone(String group, String messageId, Runnable work) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            if (!record(group, messageId)) {
                return false;
            }
            work.run();
            return true;
        }));
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

    /**
     * Inserts the rows of a batch; per message, whether its row is new. PostgreSQL's driver reports each row's
     * count of a JDBC batch, so there it is one; MariaDB's bulk protocol and H2's duplicate errors do not tell
     * rows apart, so there each row is its own statement (the batch still saves the commits).
     * @throws IllegalStateException if the driver reports no count for a row (a batch rewritten by
     *         {@code reWriteBatchedInserts}), which sends the batch's messages to run alone
     */
    private boolean[] recordAll(List<TransactionBatcher.Request> requests) {
        boolean[] fresh = new boolean[requests.size()];
        if (dialect != OutboxDialect.POSTGRESQL) {
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = record(requests.get(i).group(), requests.get(i).messageId());
            }
            return fresh;
        }
        int[][] counts = jdbc.batchUpdate(insert, requests, requests.size(), (ps, request) -> {
            ps.setString(1, request.group());
            ps.setString(2, request.messageId());
            dialect.setInstant(ps, 3, clock.instant());
        });
        int i = 0;
        for (int[] chunk : counts) {
            for (int count : chunk) {
                if (count < 0) {
                    if (!warnedOfMissingCounts) {
                        warnedOfMissingCounts = true;
                        log.warn("Guard batching is in vain: the JDBC driver reports no row counts for batched inserts "
                                + "(PostgreSQL's reWriteBatchedInserts=true?), so every message runs alone");
                    }
                    throw new IllegalStateException("The JDBC driver reported no row count for a batched insert of "
                            + "the processed-message table (reWriteBatchedInserts?), so duplicates cannot be told "
                            + "apart: turn batch rewriting off for the outbox database, or guard batching off");
                }
                fresh[i++] = count > 0;
            }
        }
        return fresh;
    }

    /** How this guard batches messages ready together. */
    public GuardBatching batching() {
        return batching;
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
    }

    private static void requireFits(String name, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException("The %s must be 1 to %d characters, not blank, but was %s"
                .formatted(name, maxLength, value == null ? "null" : "'" + value + "'"));
        }
    }
}
