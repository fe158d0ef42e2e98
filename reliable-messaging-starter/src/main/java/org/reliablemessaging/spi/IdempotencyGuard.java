package org.reliablemessaging.spi;

/**
 * Runs a handler at most once per message and consumer group: the duplicate filter of
 * idempotent listeners.
 */
@FunctionalInterface
public interface IdempotencyGuard {

    /**
     * Runs {@code work} unless {@code messageId} was already processed by {@code group}, and
     * records it as processed when {@code work} returns. A guard may run {@code work} on a thread of its own
     * (one that handles several messages in one transaction), then carrying the caller's MDC to it; the
     * listener's {@code work} carries its observation itself. It returns only once the outcome is final.
     * @return {@code true} if {@code work} ran, {@code false} if the message was a duplicate
     * @throws RuntimeException whatever {@code work} threw; the message is then not recorded
     */
    boolean runOnce(String group, String messageId, Runnable work);
}
