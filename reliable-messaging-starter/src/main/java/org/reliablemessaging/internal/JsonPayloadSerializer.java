package org.reliablemessaging.internal;

import org.reliablemessaging.InvalidMessageException;
import org.reliablemessaging.spi.PayloadSerializer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serializes payloads to JSON with the application's Jackson {@link JsonMapper}.
 */
public final class JsonPayloadSerializer implements PayloadSerializer {

    private final JsonMapper jsonMapper;

    public JsonPayloadSerializer(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public byte[] serialize(Object payload) {
        try {
            return jsonMapper.writeValueAsBytes(payload);
        }
        catch (JacksonException ex) {
            throw new InvalidMessageException("Cannot serialize a " + payload.getClass().getName() + " to JSON: "
                    + ex.getOriginalMessage(), ex);
        }
    }
}
