package org.reliablemessaging.broker.protocol;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.MembershipEndedException;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.RecordTooLargeException;

/**
 * Why a request failed, as one byte on the wire; each code maps back to the API's exception type.
 */
public enum ErrorCode {

    /** The broker is closed, failed, overloaded with connections, or stopping: retryable. */
    BROKER_UNAVAILABLE(1),
    RECORD_TOO_LARGE(2),
    NOT_PARTITION_OWNER(3),
    OFFSET_OUT_OF_RANGE(4),
    /** Any other {@link BrokerException}, or an unexpected failure inside the broker. */
    BROKER_ERROR(5),
    /** The client speaks another protocol version; the connection is closed. */
    UNSUPPORTED_VERSION(6),
    /** The token is wrong or missing; the connection is closed. */
    AUTHENTICATION_FAILED(7),
    /** An argument the broker rejects ({@link IllegalArgumentException} in the embedded API). */
    INVALID_REQUEST(8),
    /** The group member named by the request is gone (left, expired, or created on another connection): join again. */
    UNKNOWN_MEMBER(9),
    /** The connection sent a frame that breaks the protocol and is closed. */
    MALFORMED_FRAME(10);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error with this wire code. */
    public static ErrorCode ofCode(int code) {
        for (ErrorCode error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        throw new MalformedFrameException("unknown error code " + code);
    }

    /** The code that tells the client which exception {@code failure} was. */
    public static ErrorCode of(Throwable failure) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case BrokerUnavailableException ex -> BROKER_UNAVAILABLE;
            case RecordTooLargeException ex -> RECORD_TOO_LARGE;
            case NotPartitionOwnerException ex -> NOT_PARTITION_OWNER;
            case OffsetOutOfRangeException ex -> OFFSET_OUT_OF_RANGE;
            case UnknownMemberException ex -> UNKNOWN_MEMBER;
            case MembershipEndedException ex -> UNKNOWN_MEMBER;
            case IllegalArgumentException ex -> INVALID_REQUEST;
            default -> BROKER_ERROR;
        };
    }

    /** The failure inside the wrappers that futures put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
