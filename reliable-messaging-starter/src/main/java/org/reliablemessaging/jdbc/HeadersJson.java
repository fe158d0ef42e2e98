package org.reliablemessaging.jdbc;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes application headers as the JSON object stored in the outbox's {@code headers} column.
 */
public final class HeadersJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private HeadersJson() {
    }

    /** The column value for {@code headers}: {@code null} when there are none. */
    public static @Nullable String write(Map<String, String> headers) {
        return headers.isEmpty() ? null : JSON.writeValueAsString(headers);
    }

    /** The headers stored in a column value. */
    public static Map<String, String> read(@Nullable String column) {
        return column == null || column.isEmpty() ? Map.of() : Map.copyOf(JSON.readValue(column, STRING_MAP));
    }
}
