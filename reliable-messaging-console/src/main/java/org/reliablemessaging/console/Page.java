package org.reliablemessaging.console;

import java.util.List;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list, newest first.
 *
 * @param items the rows of this page
 * @param nextCursor what to pass as {@code cursor} for the next page, {@code null} on the last one
 * @param total how many rows match in all, {@code null} unless asked for
 */
public record Page<T>(List<T> items, @Nullable String nextCursor, @Nullable Long total) {

    /**
     * The page of {@code limit} rows out of {@code rows}, which were read with one more than the
     * limit to tell whether another page follows.
     */
    public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id, @Nullable Long total) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null, total);
        }
        List<T> items = List.copyOf(rows.subList(0, limit));
        return new Page<>(items, Long.toString(id.applyAsLong(items.get(limit - 1))), total);
    }
}
