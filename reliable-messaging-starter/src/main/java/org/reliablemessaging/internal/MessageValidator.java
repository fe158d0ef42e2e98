package org.reliablemessaging.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.reliablemessaging.InvalidMessageException;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliableHeaders;

/**
 * Checks a message before anything is written, and reports every problem at once.
 *
 * @param maxKeyLength longest accepted ordering key, in characters
 * @param maxPayloadBytes largest accepted serialized payload
 */
public record MessageValidator(int maxKeyLength, long maxPayloadBytes) {

    /** Kafka's rule for topic names, which RabbitMQ exchange names and the file broker also accept. */
    public static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._$-]{1,255}");

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private static final int MAX_HEADER_VALUE_LENGTH = 4096;

    private static final int MAX_HEADERS = 64;

    public MessageValidator {
        if (maxKeyLength < 1 || maxKeyLength > 255) {
            throw new IllegalArgumentException("maxKeyLength must be between 1 and 255 (the column size), was " + maxKeyLength);
        }
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, was " + maxPayloadBytes);
        }
    }

    /**
     * Validates everything but the serialized payload size.
     * @throws InvalidMessageException listing every problem found
     */
    public void validate(Message message, Instant now) {
        List<String> problems = new ArrayList<>();
        String topic = message.topic();
        if (!isValidTopic(topic)) {
            problems.add("topic '" + abbreviate(topic) + "' must be 1 to 249 characters of [A-Za-z0-9._-], and not '.' or '..'");
        }
        if (message.key() != null) {
            checkText("key", message.key(), maxKeyLength, problems);
        }
        if (message.payload() == null) {
            problems.add("payload must not be null");
        }
        if (message.type() != null && !TYPE.matcher(message.type()).matches()) {
            problems.add("type '" + abbreviate(message.type()) + "' must be 1 to 255 characters of [A-Za-z0-9._$-]");
        }
        checkHeaders(message.headers(), problems);
        Duration delay = message.delay();
        if (delay != null && delay.isNegative()) {
            problems.add("delay must not be negative, was " + delay);
        }
        Instant expiresAt = message.expiresAt();
        if (expiresAt != null && expiresAt.isBefore(message.availableAt(now))) {
            problems.add("expiresAt " + expiresAt + " is before the message becomes deliverable at " + message.availableAt(now));
        }
        if (!problems.isEmpty()) {
            throw new InvalidMessageException("Cannot publish to '" + abbreviate(topic) + "': " + String.join("; ", problems));
        }
    }

    /** Whether {@code topic} is 1 to 249 characters of {@code [A-Za-z0-9._-]}, and not {@code .} or {@code ..}. */
    public static boolean isValidTopic(String topic) {
        return TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }

    /**
     * Checks a type name derived from the payload class (its {@code @MessageType} value, say).
     * @throws InvalidMessageException if it is not a valid type name
     */
    public void validateType(String topic, String type) {
        if (!TYPE.matcher(type).matches()) {
            throw new InvalidMessageException("Cannot publish to '" + abbreviate(topic) + "': type '" + abbreviate(type)
                    + "' must be 1 to 255 characters of [A-Za-z0-9._$-]; fix the @MessageType value or set "
                    + "Message.type(...)");
        }
    }

    /**
     * Checks the serialized payload against the configured maximum.
     * @throws InvalidMessageException if it is larger
     */
    public void validatePayloadSize(String topic, int size) {
        if (size > maxPayloadBytes) {
            throw new InvalidMessageException("Cannot publish to '" + topic + "': the payload is " + size
                    + " bytes, more than the maximum of " + maxPayloadBytes
                    + " (reliable-messaging.outbox.max-payload-size). Send a reference to large data instead.");
        }
    }

    private static void checkHeaders(Map<String, String> headers, List<String> problems) {
        if (headers.size() > MAX_HEADERS) {
            problems.add("at most " + MAX_HEADERS + " headers are allowed, got " + headers.size());
        }
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                problems.add("header name '" + abbreviate(name) + "' must be 1 to 128 characters of [A-Za-z0-9._-]");
            }
            else if (name.toLowerCase(Locale.ROOT).startsWith(ReliableHeaders.PREFIX)) {
                problems.add("header name '" + name + "' uses the reserved prefix '" + ReliableHeaders.PREFIX + "'");
            }
            checkText("value of header '" + abbreviate(name) + "'", value, MAX_HEADER_VALUE_LENGTH, problems);
        });
    }

    private static void checkText(String what, String text, int maxLength, List<String> problems) {
        if (text.isBlank()) {
            problems.add(what + " must not be blank");
        }
        else if (text.length() > maxLength) {
            problems.add(what + " is " + text.length() + " characters, more than the maximum of " + maxLength);
        }
        else if (!isStorableText(text)) {
            problems.add(what + " contains a NUL character or an unpaired surrogate, which cannot be stored as UTF-8 text");
        }
    }

    private static boolean isStorableText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
