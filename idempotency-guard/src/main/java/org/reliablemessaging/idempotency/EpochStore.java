package org.reliablemessaging.idempotency;

import org.jspecify.annotations.Nullable;

/**
 * Where the Redis guard keeps the epoch it accepted, outside Redis: with one, a Redis that lost its
 * data is noticed by an instance that starts afterwards too, even when no instance ran at the time.
 */
public interface EpochStore {

    /** The accepted epoch, or {@code null} before the guard's first start. */
    @Nullable String load();

    /** Records {@code epoch} as the accepted one. */
    void save(String epoch);
}
