package org.reliablemessaging.demo;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The driver's JSON: the services' answers, the requests it sends and the fault-injection report's lines. */
final class Json {

    /**
     * Ignores what the driver does not read in the services' answers, but fails on a field it reads that is
     * missing; writes records' fields in their declared order (the report's lines keep their layout).
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .build();

    private Json() {
    }

    /** Reads {@code text} as a {@code type}; {@code source} says where it came from, for the error. */
    static <T> T read(String text, Class<T> type, String source) {
        try {
            return MAPPER.readValue(text, type);
        }
        catch (JacksonException ex) {
            throw new DemoFailed(source + " is not the JSON expected (" + type.getSimpleName() + "): "
                    + ex.getOriginalMessage() + "; in: " + abbreviate(text));
        }
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
