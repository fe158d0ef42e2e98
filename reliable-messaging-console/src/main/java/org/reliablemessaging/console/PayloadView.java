package org.reliablemessaging.console;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A payload as the operations API shows it, masked as its topic says.
 *
 * @param mode the topic's mode, in lower case
 * @param format {@code json}, {@code hex} or {@code none}
 * @param content the text shown, {@code null} when hidden
 * @param size the payload's size in bytes
 * @param truncated whether the hex shows only the first {@value #MAX_HEX_BYTES} bytes
 */
public record PayloadView(String mode, String format, @Nullable String content, int size, boolean truncated) {

    /** The most bytes shown in hex. */
    public static final int MAX_HEX_BYTES = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private static final StringNode MASK = StringNode.valueOf("***");

    /** The view of {@code payload} of {@code topic}, masked per {@code modes}, {@code defaultMode} for other topics. */
    public static PayloadView of(byte[] payload, String topic, Map<String, PayloadMode> modes, PayloadMode defaultMode) {
        PayloadMode mode = modes.getOrDefault(topic, defaultMode);
        String name = mode.name().toLowerCase(Locale.ROOT);
        JsonNode json = parse(payload);
        if (mode == PayloadMode.HIDDEN || (mode == PayloadMode.MASKED && json == null)) {
            return new PayloadView(name, "none", null, payload.length, false);
        }
        if (json != null) {
            return new PayloadView(name, "json", JSON.writeValueAsString(mode == PayloadMode.MASKED ? mask(json) : json),
                    payload.length, false);
        }
        int shown = Math.min(payload.length, MAX_HEX_BYTES);
        return new PayloadView(name, "hex", HexFormat.of().formatHex(payload, 0, shown), payload.length,
                shown < payload.length);
    }

    /** The JSON in {@code payload}, {@code null} if it is not (entirely) JSON. */
    public static @Nullable JsonNode parse(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(payload);
        }
        catch (JacksonException ex) {
            // Not JSON: shown in hex instead.
            return null;
        }
    }

    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode masked = JSON.createObjectNode();
            object.properties().forEach(field -> masked.set(field.getKey(), mask(field.getValue())));
            return masked;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode masked = JSON.createArrayNode();
            array.forEach(element -> masked.add(mask(element)));
            return masked;
        }
        return node.isNull() ? node : MASK;
    }
}
