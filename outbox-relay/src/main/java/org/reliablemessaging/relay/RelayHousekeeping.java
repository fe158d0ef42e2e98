package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.reliablemessaging.spi.transport.SendOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the outbox tables from growing for ever: deletes sent rows past their retention, dead rows
 * past theirs (kept for ever by default) and the key rows of idle keys. The relay that owns shard 0
 * runs it, so relays do not compete for the same rows, in bounded rounds, so relaying never waits
 * long behind it.
 */
final class RelayHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(RelayHousekeeping.class);

    private static final int CHUNK = 1000;

    private static final int CHUNKS_PER_ROUND = 10;

    private final OutboxRetention rows;

    private final IdleKeyCleaner keys;

    private final RelaySettings.Housekeeping settings;

    RelayHousekeeping(OutboxRetention rows, IdleKeyCleaner keys, RelaySettings.Housekeeping settings) {
        this.rows = rows;
        this.keys = keys;
        this.settings = settings;
    }

    /** Time between two rounds. */
    Duration interval() {
        return settings.interval();
    }

    /** One round, ended early once {@code running} turns false. */
    void run(Instant now, BooleanSupplier running) {
        if (!settings.retention().isZero()) {
            Instant cutoff = now.minus(settings.retention());
            inChunks("sent rows", running, () -> rows.deleteSentBefore(cutoff, CHUNK) == CHUNK);
        }
        if (!settings.deadRetention().isZero()) {
            Instant cutoff = now.minus(settings.deadRetention());
            inChunks("dead rows", running, () -> rows.deleteDeadBefore(cutoff, CHUNK) == CHUNK);
        }
        if (!settings.keyIdle().isZero()) {
            Instant cutoff = now.minus(settings.keyIdle());
            inChunks("idle keys", running, () -> keys.cleanBatch(cutoff) == keys.batchSize());
        }
    }

    /** Runs chunks while the last one was full, at most {@value #CHUNKS_PER_ROUND}. */
    private static void inChunks(String what, BooleanSupplier running, BooleanSupplier chunkWasFull) {
        try {
            for (int chunk = 0; chunk < CHUNKS_PER_ROUND && running.getAsBoolean(); chunk++) {
                if (!chunkWasFull.getAsBoolean()) {
                    return;
                }
            }
        }
        catch (RuntimeException ex) {
            log.warn("Outbox housekeeping could not clean up {}; trying again in its next round: {}", what,
                    SendOutcome.errorText(ex), ex);
        }
    }
}
