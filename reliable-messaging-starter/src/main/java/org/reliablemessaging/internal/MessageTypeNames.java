package org.reliablemessaging.internal;

import java.util.Objects;

import org.reliablemessaging.Message;
import org.reliablemessaging.MessageType;

/**
 * Finds the logical type name of a payload: the message's explicit type, the payload class's
 * {@link MessageType}, or its simple class name; never a fully qualified class name.
 */
public final class MessageTypeNames {

    private MessageTypeNames() {
    }

    /** The type name to send in the {@code rm-type} header for {@code message}. */
    public static String of(Message message) {
        if (message.type() != null) {
            return message.type();
        }
        return of(Objects.requireNonNull(message.payload(), "a validated message has a payload").getClass());
    }

    /** The type name of payloads of {@code payloadClass}. */
    public static String of(Class<?> payloadClass) {
        MessageType annotation = payloadClass.getAnnotation(MessageType.class);
        if (annotation != null) {
            return annotation.value();
        }
        // Anonymous and local classes have no simple name; their binary name's tail is still no FQCN.
        String simpleName = payloadClass.getSimpleName();
        return simpleName.isEmpty() ? payloadClass.getName().substring(payloadClass.getName().lastIndexOf('.') + 1)
                : simpleName;
    }
}
