package org.reliablemessaging.console;

import org.jspecify.annotations.Nullable;

/**
 * Which page to read: at most {@code limit} rows with ids below {@code before}, and whether to count all.
 *
 * @param limit page size
 * @param before the cursor: only rows with a smaller id, {@code null} for the first page
 * @param count whether to count every matching row
 */
public record PageRequest(int limit, @Nullable Long before, boolean count) {

    /** Adds the cursor to {@code where}, for rows whose id column is {@code idColumn}. */
    public Where paged(Where where, String idColumn) {
        return before == null ? where : where.and(idColumn + " < ?", before);
    }
}
