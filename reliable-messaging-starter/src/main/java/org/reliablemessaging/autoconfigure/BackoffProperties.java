package org.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Exponential backoff with jitter between attempts, as configured (relay sends, listener handling).
 */
public class BackoffProperties {

    /**
     * Wait before the second attempt.
     */
    private Duration initial;

    /**
     * Longest wait between two attempts.
     */
    private Duration max;

    /**
     * Factor by which the wait grows with each attempt.
     */
    private double multiplier = 2.0;

    /**
     * Random spread of each wait, as a fraction of it (0.2 = ±20%), so that retries of many
     * messages do not arrive together; a wait never goes below the initial one nor above the
     * longest.
     */
    private double jitter = 0.2;

    public BackoffProperties(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /**
     * The backoff these properties describe, with {@code initial} as the first wait (and as the longest, if it
     * is longer than the configured one).
     * @throws IllegalArgumentException if a setting is out of range
     */
    public ExponentialBackOff toBackOff(Duration initial) {
        if (!initial.isPositive()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, was " + multiplier);
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), was " + jitter);
        }
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), multiplier);
        backOff.setMaxInterval(Math.max(initial.toMillis(), max.toMillis()));
        // Spring's jitter is in milliseconds at the initial wait, and grows with the wait.
        backOff.setJitter(Math.round(jitter * initial.toMillis()));
        return backOff;
    }

    /** The backoff these properties describe. */
    public ExponentialBackOff toBackOff() {
        return toBackOff(initial);
    }

    public Duration getInitial() {
        return this.initial;
    }

    public void setInitial(Duration initial) {
        this.initial = initial;
    }

    public Duration getMax() {
        return this.max;
    }

    public void setMax(Duration max) {
        this.max = max;
    }

    public double getMultiplier() {
        return this.multiplier;
    }

    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    public double getJitter() {
        return this.jitter;
    }

    public void setJitter(double jitter) {
        this.jitter = jitter;
    }
}
