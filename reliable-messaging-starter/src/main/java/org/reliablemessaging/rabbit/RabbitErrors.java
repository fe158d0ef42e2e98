package org.reliablemessaging.rabbit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Reads RabbitMQ's reply codes out of the exceptions and nack reasons Spring AMQP reports.
 */
final class RabbitErrors {

    private static final int ACCESS_REFUSED = 403;

    private static final int NOT_FOUND = 404;

    private static final int PRECONDITION_FAILED = 406;

    /** How RabbitMQ words a publish to a missing exchange: "NOT_FOUND - no exchange 'x' in vhost '/'". */
    private static final Pattern MISSING_EXCHANGE = Pattern.compile("no exchange '([^']*)'");

    private RabbitErrors() {
    }

    /**
     * Whether the broker refused a declaration for good: not allowed (403), or the name exists with
     * other properties (406). Anything else, such as a lost connection, may pass on a retry.
     */
    static boolean isRefusal(Throwable error) {
        int code = channelCloseCode(error);
        return code == ACCESS_REFUSED || code == PRECONDITION_FAILED;
    }

    /** Whether the broker refused a declaration because the name exists with other properties (406). */
    static boolean isInequivalent(Throwable error) {
        return channelCloseCode(error) == PRECONDITION_FAILED;
    }

    /** The reply code of the channel close that caused {@code error}, or 0 if no channel close did. */
    private static int channelCloseCode(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyCode();
            }
        }
        return 0;
    }

    /** The exchange whose absence closed a channel (404 on publish), if that is why it closed. */
    static Optional<String> missingExchange(ShutdownSignalException signal) {
        if (signal.isHardError() || !(signal.getReason() instanceof AMQP.Channel.Close close)
                || close.getReplyCode() != NOT_FOUND) {
            return Optional.empty();
        }
        Matcher exchange = MISSING_EXCHANGE.matcher(close.getReplyText());
        return exchange.find() ? Optional.of(exchange.group(1)) : Optional.empty();
    }
}
