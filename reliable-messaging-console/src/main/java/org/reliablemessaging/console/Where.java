package org.reliablemessaging.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A WHERE clause built condition by condition, with its arguments in order; immutable.
 *
 * @param conditions the conditions, joined with AND
 * @param arguments the arguments of their placeholders
 */
public record Where(List<String> conditions, List<Object> arguments) {

    public Where {
        conditions = List.copyOf(conditions);
        arguments = List.copyOf(arguments);
    }

    /** No condition. */
    public static Where all() {
        return new Where(List.of(), List.of());
    }

    /** This clause and {@code condition}, whose placeholders take {@code values}. */
    public Where and(String condition, Object... values) {
        List<String> moreConditions = new ArrayList<>(conditions);
        moreConditions.add(condition);
        List<Object> moreArguments = new ArrayList<>(arguments);
        moreArguments.addAll(List.of(values));
        return new Where(moreConditions, moreArguments);
    }

    /** This clause and {@code column = value}, unless the value is {@code null}. */
    public Where equal(String column, @Nullable Object value) {
        return value == null ? this : and(column + " = ?", value);
    }

    /**
     * This clause and a case-insensitive substring match of {@code column}, unless {@code text} is
     * {@code null}. The escape character is {@code !}: a backslash means something else in MySQL literals.
     */
    public Where contains(String column, @Nullable String text) {
        if (text == null) {
            return this;
        }
        String escaped = text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return and("LOWER(" + column + ") LIKE ? ESCAPE '!'", "%" + escaped + "%");
    }

    /** The clause, with a leading space and WHERE, or nothing. */
    public String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    public Object[] args() {
        return arguments.toArray();
    }
}
