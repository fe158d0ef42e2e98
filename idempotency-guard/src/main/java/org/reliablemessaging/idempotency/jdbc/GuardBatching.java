package org.reliablemessaging.idempotency.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * How the JDBC guard handles messages of different keys that are ready together in one transaction.
 *
 * @param maxSize most messages in one transaction; 1 turns batching off
 * @param maxWait longest a batch waits for more messages before it starts; zero: it takes what is ready
 * @param threads how many batches run at once, each on a thread and a connection of its own
 */
public record GuardBatching(int maxSize, Duration maxWait, int threads) {

    /** No batching: one transaction per message. */
    public static final GuardBatching OFF = new GuardBatching(1, Duration.ZERO, 1);

    public GuardBatching {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxSize < 1 || threads < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("A guard batch needs max-size and threads of at least 1 and a max-wait "
                    + "of zero or more, but got max-size " + maxSize + ", threads " + threads + ", max-wait " + maxWait);
        }
    }

    /** Whether messages share transactions at all. */
    public boolean enabled() {
        return maxSize > 1;
    }
}
