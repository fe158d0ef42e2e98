package org.reliablemessaging.console.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.PageLimits;
import org.reliablemessaging.console.Selection;

/**
 * The body of a bulk action: ids or a filter, and why.
 *
 * @param ids the rows' ids
 * @param filter a filter object
 * @param reason why
 */
public record SelectionBody(@Nullable List<Long> ids, @Nullable Map<String, Object> filter, @Nullable String reason) {

    Selection selection(PageLimits limits) {
        return new Selection(ids, filter).check(limits);
    }
}
