package org.reliablemessaging.spi;

/**
 * Told what became of each message a {@code @ReliableListener} received, once it is settled: for test
 * harnesses, audits and alerts. Every bean of this type is told.
 */
@FunctionalInterface
public interface ListenerOutcomeListener {

    /**
     * Called on the listener's thread after the message is settled (handled, skipped or its dead letter
     * stored) and before it is acknowledged; must return quickly. An exception it throws is logged and
     * changes nothing for the message.
     */
    void settled(ListenerOutcome outcome);
}
