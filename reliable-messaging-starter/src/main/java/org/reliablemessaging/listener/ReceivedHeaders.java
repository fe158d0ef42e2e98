package org.reliablemessaging.listener;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Reads the product's {@code rm-} headers of a received message, refusing values the product cannot
 * have written rather than guessing what they meant.
 */
final class ReceivedHeaders {

    /** Up to 18 digits: always within a long. */
    private static final Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

    private ReceivedHeaders() {
    }

    /**
     * The message's {@code rm-seq}: 0 for an unkeyed message without one. The product writes a
     * positive sequence with every {@code rm-key}, so a keyed message without one, or with one that
     * is not a positive whole number, came from elsewhere and is refused rather than read as 0.
     * @throws UnconvertibleMessageException for such a message
     */
    static long sequence(InboundMessage message) {
        String sequence = message.headers().get(ReliableHeaders.SEQUENCE);
        if (sequence == null) {
            if (message.headers().containsKey(ReliableHeaders.KEY)) {
                throw new UnconvertibleMessageException("rm-key header without an rm-seq header");
            }
            return 0;
        }
        long value = SEQUENCE.matcher(sequence).matches() ? Long.parseLong(sequence) : 0;
        if (value <= 0) {
            throw new UnconvertibleMessageException("malformed rm-seq header '" + abbreviate(sequence)
                    + "': not a positive whole number");
        }
        return value;
    }

    /**
     * The message's {@code rm-expires-at}, {@code null} if it has none.
     * @throws UnconvertibleMessageException if it is not an ISO-8601 instant
     */
    static @Nullable Instant expiresAt(InboundMessage message) {
        String expiresAt = message.headers().get(ReliableHeaders.EXPIRES_AT);
        if (expiresAt == null) {
            return null;
        }
        try {
            return Instant.parse(expiresAt);
        }
        catch (DateTimeParseException ex) {
            throw new UnconvertibleMessageException("malformed rm-expires-at header '" + abbreviate(expiresAt)
                    + "': not an ISO-8601 instant such as 2030-01-31T12:00:00Z", ex);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
