package org.reliablemessaging.kafka;

import java.util.List;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.reliablemessaging.spi.transport.SendOutcome;

/**
 * Decides whether a Kafka send failure can heal by itself (retryable) or not (permanent).
 *
 * <p>Only failures that resending the same record cannot fix are permanent. Everything else is
 * retryable, including the idempotent producer's own state errors (out-of-order sequence, fenced
 * or unknown producer), which say nothing about the message and end with a fresh producer, and
 * connection-level ones (expired credentials, an incompatible broker during an upgrade), which would
 * otherwise kill the whole backlog in minutes.
 */
final class KafkaErrorClassifier {

    private static final List<Class<? extends Throwable>> PERMANENT = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, InvalidRecordException.class,
            SerializationException.class, AuthorizationException.class, PolicyViolationException.class);

    private KafkaErrorClassifier() {
    }

    static SendOutcome outcomeOf(Throwable error) {
        String description = SendOutcome.errorText(error);
        return isPermanent(error) ? SendOutcome.permanent(description) : SendOutcome.retryable(description);
    }

    private static boolean isPermanent(Throwable error) {
        // The client sometimes wraps the cause (e.g. in a KafkaException), so look down the chain.
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Throwable current = cause;
            if (PERMANENT.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return false;
    }
}
