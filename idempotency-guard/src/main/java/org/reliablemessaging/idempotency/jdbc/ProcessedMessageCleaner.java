package org.reliablemessaging.idempotency.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets processed messages once their retention is over, on a timer, in small batches so that it
 * never holds many locks or a long transaction.
 */
public final class ProcessedMessageCleaner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessedMessageCleaner.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final String delete;

    private final Duration retention;

    private final Duration interval;

    private final int batchSize;

    private final Clock clock;

    private @Nullable ScheduledExecutorService executor;

    private volatile boolean stopping;

    /**
     * @param retention how long a processed message is kept
     * @param interval time between two clean-ups
     * @param batchSize most rows deleted by one statement and transaction
     */
    public ProcessedMessageCleaner(DataSource dataSource, OutboxDialect dialect, OutboxTables tables,
            Duration retention, Duration interval, int batchSize, Clock clock) {
        if (!retention.isPositive()) {
            throw new IllegalArgumentException(
                    "reliable-messaging.idempotency.retention must be positive, but was " + retention);
        }
        this.jdbc = new JdbcTemplate(dataSource);
        // A transaction of its own per batch, so that it commits under pools without auto-commit too.
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.dialect = dialect;
        this.delete = dialect.deleteLimited(tables.processedMessage(), "group_name, message_id", "processed_at < ?");
        this.retention = retention;
        this.interval = interval;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /**
     * Deletes every processed message older than the retention, one batch at a time.
     * @return how many were deleted
     */
    public int deleteExpired() {
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
            log.debug("Deleted {} processed messages older than {}", deleted, retention);
        }
        catch (RuntimeException ex) {
            // Thrown out of a scheduled task, it would cancel every later run.
            log.warn("Could not delete expired processed messages; trying again in {}", interval, ex);
        }
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        stopping = false;
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("rm-processed-message-cleaner").daemon().factory());
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
                log.warn("The processed-message cleaner did not finish its batch within {}", STOP_TIMEOUT);
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
}
