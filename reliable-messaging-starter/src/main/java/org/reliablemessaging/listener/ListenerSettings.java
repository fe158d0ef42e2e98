package org.reliablemessaging.listener;

import java.time.Duration;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The defaults of {@code @ReliableListener} methods, each but the in-flight limit and the shutdown
 * timeout overridable on the annotation.
 *
 * @param concurrency most messages a listener handles at once
 * @param maxInFlight most messages a listener holds received but not yet acknowledged
 * @param maxAttempts attempts at a message before it is dead-lettered
 * @param shutdownTimeout longest wait for messages in flight when a listener stops
 * @param deadLetterExpired whether a message is dead-lettered rather than handled once it expired
 * @param backoff the waits between attempts; a listener's {@code backoff} replaces its initial wait
 */
public record ListenerSettings(int concurrency, int maxInFlight, int maxAttempts, Duration shutdownTimeout,
        boolean deadLetterExpired, ExponentialBackOff backoff) {

    /**
     * The settings' backoff with another initial wait: its jitter scales with it, and its longest wait
     * is at least that initial wait.
     */
    ExponentialBackOff backoffStartingAt(Duration initial) {
        ExponentialBackOff startingAt = new ExponentialBackOff(initial.toMillis(), backoff.getMultiplier());
        startingAt.setMaxInterval(Math.max(initial.toMillis(), backoff.getMaxInterval()));
        startingAt.setJitter(Math.round((double) backoff.getJitter() * initial.toMillis() / backoff.getInitialInterval()));
        return startingAt;
    }
}
