package org.reliablemessaging.spi;

/**
 * Runs a handler at most once per message and consumer group: the duplicate filter of
 * idempotent listeners.
 */
@FunctionalInterface
public interface IdempotencyGuard {

    /**
     * Runs {@code work} unless {@code messageId} was already processed by {@code group}, and
     * records it as processed when {@code work} returns.
     * @return {@code true} if {@code work} ran, {@code false} if the message was a duplicate
     * @throws RuntimeException whatever {@code work} threw; the message is then not recorded
     */
    boolean runOnce(String group, String messageId, Runnable work);
}
