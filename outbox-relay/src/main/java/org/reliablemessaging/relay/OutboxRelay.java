package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves committed outbox messages of the shards this instance leases to the broker, batch after
 * batch ({@link BatchPipeline}) while there is a backlog, then waits for a commit signal or the poll
 * interval. Keeps its shard leases renewed and, on the instance that owns shard 0, runs the
 * outbox's {@link RelayHousekeeping}.
 */
public final class OutboxRelay implements SmartLifecycle {

    /** Stops after the web server has drained its requests, whose commits it still relays. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

    /** How often the relay reads the database's time; the JVM's monotonic timer advances it in between. */
    private static final Duration DATABASE_CLOCK_REREAD = Duration.ofSeconds(1);

    private final ShardLeases leases;

    private final BatchPipeline batches;

    private final RelayWakeUp wakeUp;

    private final RelaySettings settings;

    private final RelayHousekeeping housekeeping;

    private final Clock clock;

    /** Held while a batch is in flight, so shards are never given away under it. */
    private final ReentrantLock batchLock = new ReentrantLock();

    /** Set when the heartbeat found a batch in flight: the loop rebalances before its next batch. */
    private volatile boolean rebalanceDue;

    private volatile boolean running;

    private @Nullable Thread loop;

    private @Nullable ScheduledExecutorService heartbeat;

    private Instant nextCleanup = Instant.MIN;

    OutboxRelay(RelayOutboxStore store, ShardLeases leases, MessageSender sender, RelayWakeUp wakeUp,
            RelaySettings settings, RelayHousekeeping housekeeping, RelayMetrics metrics, Clock clock,
            Clock databaseClock) {
        this.leases = leases;
        this.wakeUp = wakeUp;
        this.settings = settings;
        this.housekeeping = housekeeping;
        this.clock = clock;
        this.batches = new BatchPipeline(store, sender, new RelayPlanner(settings.retries()), settings, metrics,
                databaseClock, leases.instanceId());
    }

    /**
     * A relay of the outbox in {@code database}, not started yet.
     * @param instanceId the name of this relay in the lease tables, unique among the relays of the outbox
     * @param sender the transport the relay sends through
     * @param wakeUp wakes the relay when outbox rows commit
     * @param clock times housekeeping; which delayed rows are due, which expired and when retries are due
     *        follow the database's clock instead, as shard leases do
     */
    public static OutboxRelay create(OutboxDatabase database, String instanceId, MessageSender sender, RelayWakeUp wakeUp,
            RelaySettings settings, RelayMetrics metrics, Clock clock) {
        KeyHolds holds = new KeyHolds(database, settings.retries().holdKeyAfterDead());
        RelaySettings.Housekeeping cleanup = settings.housekeeping();
        RelayOutboxStore store = new RelayOutboxStore(database, holds, cleanup.retention().isZero());
        RelayHousekeeping housekeeping = new RelayHousekeeping(new OutboxRetention(database, holds),
                new IdleKeyCleaner(database, cleanup.keyBatchSize()), cleanup);
        ShardLeases leases = new ShardLeases(database, instanceId, settings.shards(), settings.leaseTtl());
        return new OutboxRelay(store, leases, sender, wakeUp, settings, housekeeping, metrics, clock,
                new DatabaseClock(database, DATABASE_CLOCK_REREAD));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        leases.register();
        leases.rebalance();
        running = true;
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("rm-relay-lease").factory());
        heartbeat = renewals;
        long period = Math.max(100, settings.leaseTtl().toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        loop = Thread.ofPlatform().name("rm-relay").start(() -> run(renewals));
        log.info("Outbox relay {} started with {} of {} shards", leases.instanceId(), leases.owned().size(), leases.shards());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wakeUp.wake();
        try {
            // Leases stay renewed until the batch in flight is done, so no one else takes its rows meanwhile.
            Objects.requireNonNull(loop, "a running relay has its loop").join(settings.sendTimeout().plusSeconds(5));
            ScheduledExecutorService renewals = Objects.requireNonNull(heartbeat, "a running relay has its heartbeat");
            renewals.shutdown();
            renewals.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        releaseLeases("stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run(ScheduledExecutorService renewals) {
        try {
            while (running) {
                relayOrWait();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Error error) {
            log.error("Outbox relay {} stopped on a fatal error; its shards go to the other relays", leases.instanceId(),
                    error);
            throw error;
        }
        finally {
            if (running) {
                running = false;
                renewals.shutdownNow();
                releaseLeases("ended unexpectedly");
            }
        }
    }

    private void relayOrWait() throws InterruptedException {
        try {
            int claimed = relayBatch();
            cleanUpIfDue();
            if (claimed < settings.batchSize() && running) {
                wakeUp.await(settings.pollInterval());
            }
        }
        catch (RuntimeException ex) {
            log.warn("Outbox relay {} failed a batch; trying again in {}: {}", leases.instanceId(), ERROR_PAUSE,
                    SendOutcome.errorText(ex), ex);
            wakeUp.await(ERROR_PAUSE);
        }
    }

    /**
     * Relays one batch of the owned shards, after the rebalance the heartbeat could not run.
     * @return how many rows were claimed
     */
    int relayBatch() throws InterruptedException {
        batchLock.lock();
        try {
            if (rebalanceDue) {
                rebalanceDue = false;
                leases.rebalance();
            }
            return batches.relay(leases.owned(), leases.shards());
        }
        finally {
            batchLock.unlock();
        }
    }

    /**
     * Renews at once, whatever the loop does; rebalances only between batches. A relay with a backlog
     * runs one batch after the other and the lock is hardly ever free, so then the loop rebalances
     * before its next batch: otherwise a busy relay would not take over a dead relay's shards, nor
     * give a new relay its share, until its own backlog was gone.
     */
    private void renewLeases() {
        try {
            leases.renew();
            if (batchLock.tryLock()) {
                try {
                    rebalanceDue = false;
                    leases.rebalance();
                }
                finally {
                    batchLock.unlock();
                }
            }
            else {
                rebalanceDue = true;
            }
        }
        catch (RuntimeException ex) {
            log.warn("Outbox relay {} could not renew its shard leases: {}", leases.instanceId(), SendOutcome.errorText(ex));
        }
    }

    private void cleanUpIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(housekeeping.interval());
        leases.forgetDeparted(Duration.ofHours(1));
        if (leases.owned().contains(0)) {
            housekeeping.run(now, () -> running);
        }
    }

    private void releaseLeases(String why) {
        try {
            leases.release();
            log.info("Outbox relay {} {} and released its shards", leases.instanceId(), why);
        }
        catch (RuntimeException ex) {
            log.warn("Outbox relay {} {} but could not release its shards; other relays take them over when the "
                    + "leases expire: {}", leases.instanceId(), why, SendOutcome.errorText(ex));
        }
    }
}
