package org.reliablemessaging.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the rows of one table once their retention is over, on a timer, in small batches so that
 * it never holds many locks or a long transaction. Every instance of an application runs one: the
 * deletes are idempotent, so instances that clean at once only share the work.
 */
public final class RetentionCleaner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionCleaner.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final Rows rows;

    private final String delete;

    private final Duration retention;

    private final Duration interval;

    private final int batchSize;

    private final Clock clock;

    private @Nullable ScheduledExecutorService executor;

    private volatile boolean stopping;

    /**
     * @param retention how long a row is kept; zero keeps rows for ever, and the cleaner never runs
     * @param interval time between two clean-ups
     * @param batchSize most rows deleted by one statement and transaction
     */
    public RetentionCleaner(OutboxDatabase database, Rows rows, Duration retention, Duration interval, int batchSize,
            Clock clock) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("The retention of " + rows.what() + " must not be negative, but was "
                    + retention);
        }
        this.jdbc = database.jdbc();
        // A transaction of its own per batch, so that it commits under pools without auto-commit too.
        this.transaction = database.newTransaction();
        this.dialect = database.dialect();
        this.rows = rows;
        this.delete = this.dialect.deleteLimited(rows.table(), rows.rowKey(), rows.expiredBefore());
        this.retention = retention;
        this.interval = interval;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /**
     * Deletes every row older than the retention, one batch at a time.
     * @return how many were deleted
     */
    public int deleteExpired() {
        if (retention.isZero()) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch(cutoff);
            total += deleted;
        }
        while (deleted == batchSize && !stopping);
        return total;
    }

    private int deleteBatch(Instant cutoff) {
        Integer deleted = transaction.execute(status -> jdbc.update(delete, ps -> {
            dialect.setInstant(ps, 1, cutoff);
            ps.setInt(2, batchSize);
        }));
        return deleted == null ? 0 : deleted;
    }

    private void runScheduled() {
        try {
            int deleted = deleteExpired();
            log.debug("Deleted {} {} older than {}", deleted, rows.what(), retention);
        }
        catch (RuntimeException ex) {
            // Thrown out of a scheduled task, it would cancel every later run.
            log.warn("Could not delete {} past their retention; trying again in {}", rows.what(), interval, ex);
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null || retention.isZero()) {
            return;
        }
        stopping = false;
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("rm-" + rows.what().replace(' ', '-') + "-cleaner").daemon().factory());
        executor.scheduleWithFixedDelay(this::runScheduled, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The cleaner of {} did not finish its batch within {}", rows.what(), STOP_TIMEOUT);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /**
     * Rows of one table that expire.
     *
     * @param what what the rows are, in the plural, for logs and the cleaner's thread name
     * @param table the table
     * @param rowKey the columns that identify a row
     * @param expiredBefore the condition of an expired row, with one parameter: the cutoff instant
     */
    public record Rows(String what, String table, String rowKey, String expiredBefore) {

        /** Dead letters that were replayed or skipped; letters still dead are never deleted. */
        public static Rows resolvedDeadLetters(OutboxTables tables) {
            return new Rows("resolved dead letters", tables.deadLetter(), "id",
                    "status IN ('REPLAYED', 'SKIPPED') AND resolved_at < ?");
        }
    }
}
