package org.reliablemessaging.autoconfigure;

import java.time.Duration;

import org.reliablemessaging.internal.RetryBackoff;

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
     * messages do not arrive together.
     */
    private double jitter = 0.2;

    public BackoffProperties(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The backoff these properties describe, with {@code initial} as the first wait. */
    public RetryBackoff toRetryBackoff(Duration initial) {
        return new RetryBackoff(initial, initial.compareTo(max) > 0 ? initial : max, multiplier, jitter);
    }

    /** The backoff these properties describe. */
    public RetryBackoff toRetryBackoff() {
        return toRetryBackoff(initial);
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
