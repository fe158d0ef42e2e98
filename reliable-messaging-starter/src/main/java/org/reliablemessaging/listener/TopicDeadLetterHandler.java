package org.reliablemessaging.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.internal.FailureDescription;
import org.reliablemessaging.internal.MessageIds;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.Subscription;

/**
 * Sends dead letters to the broker, on a dead-letter topic per topic and group
 * ({@link Subscription#deadLetterTopic}), for applications without a database to keep them in.
 *
 * <p>The letter keeps the message's key, payload and application headers, carries the original
 * message id in {@code rm-original-id}, and says why it died in the {@code rm-dlt-} headers. It
 * returns only once the broker confirmed it, so the failed message is acknowledged only then.
 */
public final class TopicDeadLetterHandler implements DeadLetterHandler {

    /** The fully qualified class name of the error that killed the message. */
    public static final String ERROR_CLASS_HEADER = "rm-dlt-error-class";

    /** That error's message, when it has one. */
    public static final String ERROR_MESSAGE_HEADER = "rm-dlt-error-message";

    /** How many attempts were made. */
    public static final String ATTEMPTS_HEADER = "rm-dlt-attempts";

    /** Written as the type of a message that arrived without {@code rm-type}: every sent message needs one. */
    static final String UNKNOWN_TYPE = "";

    private static final Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

    private final MessageSender sender;

    private final Duration confirmTimeout;

    private final Clock clock;

    /**
     * @param confirmTimeout how long to wait for the broker's confirm, a safety net above the
     *        transport's own send timeout
     */
    public TopicDeadLetterHandler(MessageSender sender, Duration confirmTimeout, Clock clock) {
        this.sender = sender;
        this.confirmTimeout = confirmTimeout;
        this.clock = clock;
    }

    @Override
    public void deadLetter(FailedMessage failed) {
        OutboundMessage letter = letter(failed);
        SendOutcome outcome = awaitConfirm(letter);
        if (outcome.status() != SendOutcome.Status.CONFIRMED) {
            throw new IllegalStateException(description(letter) + " was not confirmed by the broker: " + outcome.error());
        }
    }

    private OutboundMessage letter(FailedMessage failed) {
        InboundMessage message = failed.message();
        FailureDescription failure = FailureDescription.of(failed.error());
        Map<String, String> headers = new LinkedHashMap<>();
        message.headers().forEach((name, value) -> {
            if (!name.startsWith(ReliableHeaders.PREFIX)) {
                headers.put(name, value);
            }
        });
        headers.put(ERROR_CLASS_HEADER, failure.errorClass());
        if (failure.errorMessage() != null) {
            headers.put(ERROR_MESSAGE_HEADER, failure.errorMessage());
        }
        headers.put(ATTEMPTS_HEADER, Integer.toString(failed.attempts()));
        // A letter of a replayed message points back to the first one, as the replay did.
        String originalId = message.headers().getOrDefault(ReliableHeaders.ORIGINAL_ID, message.messageId());
        if (originalId != null) {
            headers.put(ReliableHeaders.ORIGINAL_ID, originalId);
        }
        Instant now = clock.instant();
        return new OutboundMessage(MessageIds.next(now), Subscription.deadLetterTopic(message.topic(), failed.group()),
                message.key(), sequence(message), message.type() != null ? message.type() : UNKNOWN_TYPE, headers,
                message.payload(), now);
    }

    /** The message's own sequence, kept for whoever reads the letter; 0 where it had none. */
    private static long sequence(InboundMessage message) {
        String sequence = message.headers().get(ReliableHeaders.SEQUENCE);
        return message.key() != null && sequence != null && SEQUENCE.matcher(sequence).matches()
                ? Long.parseLong(sequence) : 0;
    }

    private SendOutcome awaitConfirm(OutboundMessage letter) {
        try {
            List<SendOutcome> outcomes = sender.send(List.of(letter)).get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return outcomes.get(0);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker to confirm " + description(letter), ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Could not send " + description(letter), ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("The broker did not confirm " + description(letter) + " within "
                    + confirmTimeout, ex);
        }
    }

    private static String description(OutboundMessage letter) {
        return "the dead letter of message " + letter.headers().get(ReliableHeaders.ORIGINAL_ID) + " to topic "
                + letter.topic();
    }
}
