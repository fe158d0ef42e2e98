package org.reliablemessaging.console;

import org.jspecify.annotations.Nullable;

/**
 * The page sizes the operations API allows.
 *
 * @param defaultSize page size without {@code limit}
 * @param maxSize the largest {@code limit}, and the most ids in one selection
 */
public record PageLimits(int defaultSize, int maxSize) {

    /** {@code limit}, or the default; checked. */
    public int check(@Nullable Long limit) {
        if (limit == null) {
            return defaultSize;
        }
        if (limit < 1 || limit > maxSize) {
            throw ConsoleException.invalidLimit("limit must be from 1 to " + maxSize + ", was " + limit);
        }
        return limit.intValue();
    }
}
