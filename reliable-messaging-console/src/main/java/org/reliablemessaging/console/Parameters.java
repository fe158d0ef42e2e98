package org.reliablemessaging.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of a request (query parameters, or a JSON filter object), checked against the names
 * the request knows, and read as typed values; anything malformed is an {@code invalid-filter}.
 */
public final class Parameters {

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * The parameters in {@code raw}, whose values are a string, a list of one string, or (from JSON)
     * a number or boolean.
     * @throws ConsoleException if a name is not one of {@code known}, or a value is not a single scalar
     */
    public static Parameters of(@Nullable Map<String, ?> raw, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            raw.forEach((name, value) -> {
                if (!known.contains(name)) {
                    throw ConsoleException.invalidFilter("Unknown parameter '" + name + "'; known: "
                            + new TreeSet<>(known));
                }
                Object single = value instanceof List<?> list && list.size() == 1 ? list.get(0) : value;
                if (single instanceof String || single instanceof Number || single instanceof Boolean) {
                    String text = single.toString();
                    if (!text.isEmpty()) {
                        values.put(name, text);
                    }
                }
                else if (single != null) {
                    throw ConsoleException.invalidFilter("Parameter '" + name + "' must be a single value, was " + value);
                }
            });
        }
        return new Parameters(values);
    }

    public @Nullable String string(String name) {
        return values.get(name);
    }

    /** A string of at most {@code max} characters. */
    public @Nullable String string(String name, int max) {
        String value = values.get(name);
        if (value != null && value.length() > max) {
            throw ConsoleException.invalidFilter("Parameter '" + name + "' must have at most " + max + " characters");
        }
        return value;
    }

    public @Nullable Instant instant(String name) {
        String value = values.get(name);
        try {
            return value == null ? null : Instant.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw ConsoleException.invalidFilter("Parameter '" + name + "' must be an ISO-8601 instant such as "
                    + "2026-03-01T10:15:30Z, was '" + value + "'");
        }
    }

    public @Nullable Long number(String name) {
        String value = values.get(name);
        try {
            return value == null ? null : Long.valueOf(value);
        }
        catch (NumberFormatException ex) {
            throw ConsoleException.invalidFilter("Parameter '" + name + "' must be a whole number, was '" + value + "'");
        }
    }

    public boolean bool(String name) {
        String value = values.get(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ConsoleException.invalidFilter("Parameter '" + name + "' must be true or false, was '" + value + "'");
    }

    /** A value of {@code type} by its name, {@code null} when absent. */
    public <E extends Enum<E>> @Nullable E choice(String name, Class<E> type) {
        String value = values.get(name);
        try {
            return value == null ? null : Enum.valueOf(type, value);
        }
        catch (IllegalArgumentException ex) {
            throw ConsoleException.invalidFilter("Parameter '" + name + "' must be one of "
                    + List.of(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }

    /** The page asked for: {@code limit}, {@code cursor} and {@code count}. */
    public PageRequest page(PageLimits limits) {
        Long limit = number("limit");
        return new PageRequest(limits.check(limit), number("cursor"), bool("count"));
    }

    /** Checks that {@code from} is before {@code to} when both are given. */
    public static void checkRange(String fromName, @Nullable Instant from, String toName, @Nullable Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ConsoleException.invalidRange(fromName + " (" + from + ") must be before " + toName + " (" + to + ")");
        }
    }

    /** The names every paged list takes besides its filter. */
    public static Set<String> withPaging(Set<String> filter) {
        Set<String> names = new HashSet<>(filter);
        names.addAll(Set.of("limit", "cursor", "count"));
        return names;
    }
}
