package org.reliablemessaging.console;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Which rows a bulk action applies to: listed ids, or every row a filter matches.
 *
 * @param ids the rows' ids, or {@code null}
 * @param filter the filter, as sent (names and values), or {@code null}
 */
public record Selection(@Nullable List<Long> ids, @Nullable Map<String, Object> filter) {

    /**
     * Checks that exactly one of ids and filter is given, and at most {@code limits.maxSize()} ids.
     */
    public Selection check(PageLimits limits) {
        if ((ids == null) == (filter == null)) {
            throw ConsoleException.invalidRequest("Give either \"ids\" or \"filter\", not both and not neither");
        }
        if (ids != null && (ids.isEmpty() || ids.size() > limits.maxSize())) {
            throw ConsoleException.invalidLimit("Give 1 to " + limits.maxSize() + " ids (use a filter for more), gave "
                    + ids.size());
        }
        return this;
    }

    /** What the audit records as the action's target. */
    public Map<String, Object> target() {
        return ids != null ? Map.of("ids", ids) : Map.of("filter", filter == null ? Map.of() : filter);
    }
}
