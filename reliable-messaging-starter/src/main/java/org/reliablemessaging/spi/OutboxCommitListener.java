package org.reliablemessaging.spi;

/**
 * Told after a transaction that wrote outbox rows has committed, so a relay in the same JVM can
 * wake up at once instead of waiting for its next poll.
 */
@FunctionalInterface
public interface OutboxCommitListener {

    /** Called on the committing thread, after commit; must return quickly and never throw. */
    void outboxCommitted();
}
