package org.reliablemessaging.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Reads RabbitMQ's reply codes out of the exceptions and nack reasons Spring AMQP reports.
 */
final class RabbitErrors {

    private static final int ACCESS_REFUSED = 403;

    private static final int PRECONDITION_FAILED = 406;

    private RabbitErrors() {
    }

    /**
     * Whether the broker refused a declaration for good: not allowed (403), or the name exists with
     * other properties (406). Anything else, such as a lost connection, may pass on a retry.
     */
    static boolean isRefusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyCode() == ACCESS_REFUSED || close.getReplyCode() == PRECONDITION_FAILED;
            }
        }
        return false;
    }

    /**
     * Whether a nack reason is the channel closing because {@code exchange} does not exist. A channel
     * error fails every confirm still pending on the channel with the same reason, so a reason
     * naming another exchange is not this message's fault.
     */
    static boolean isMissingExchange(String nackReason, String exchange) {
        return nackReason.contains("reply-code=404") && nackReason.contains("no exchange '" + exchange + "'");
    }
}
