package org.reliablemessaging.listener;

import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.reliablemessaging.Message;
import org.reliablemessaging.spi.transport.InboundMessage;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a received payload into the listener's parameter type, choosing the class by the message's
 * logical type name among the classes the listener accepts (the parameter type, or the permitted
 * subclasses of a sealed one), never by a class name from the wire.
 */
final class PayloadConverter {

    private final JsonMapper json;

    private final Class<?> target;

    private final Map<String, Class<?>> acceptedTypes = new TreeMap<>();

    PayloadConverter(JsonMapper json, Class<?> target) {
        this.json = json;
        this.target = target;
        if (!isRaw(target)) {
            collect(target);
        }
    }

    private void collect(Class<?> type) {
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                collect(permitted);
            }
        }
        if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            acceptedTypes.put(Message.typeNameOf(type), type);
        }
    }

    /**
     * The payload as the listener's parameter type.
     * @throws UnconvertibleMessageException if the type is unknown or the payload malformed
     */
    Object convert(InboundMessage message) {
        if (target == byte[].class) {
            return message.payload();
        }
        if (target == String.class) {
            return new String(message.payload(), StandardCharsets.UTF_8);
        }
        String type = message.type();
        Class<?> payloadClass = type == null ? null : acceptedTypes.get(type);
        if (payloadClass == null) {
            throw new UnconvertibleMessageException((type == null ? "no rm-type header"
                    : "unknown type '" + type + "'") + "; this listener accepts " + acceptedTypes.keySet());
        }
        try {
            return json.readValue(message.payload(), payloadClass);
        }
        catch (JacksonException ex) {
            throw new UnconvertibleMessageException("malformed " + type + " payload: " + ex.getOriginalMessage(), ex);
        }
    }

    private static boolean isRaw(Class<?> type) {
        return type == byte[].class || type == String.class;
    }
}
