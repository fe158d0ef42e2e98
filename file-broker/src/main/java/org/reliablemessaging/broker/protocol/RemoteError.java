package org.reliablemessaging.broker.protocol;

import java.util.Objects;

import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.TopicPartition;

/**
 * A failure sent over the wire: its code and the broker's message, verbatim.
 *
 * @param code which exception it was
 * @param message the broker's message
 */
public record RemoteError(ErrorCode code, String message) {

    public static final WireCodec<RemoteError> CODEC = WireCodec.of((out, error) -> {
        out.writeByte(error.code.code());
        out.writeString(error.message);
    }, in -> new RemoteError(ErrorCode.ofCode(in.readByte()), in.readRequiredString("error message")));

    public RemoteError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The error that describes {@code failure}. */
    public static RemoteError of(Throwable failure) {
        Throwable cause = ErrorCode.unwrap(failure);
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
        return new RemoteError(ErrorCode.of(cause), message);
    }

    /**
     * The exception the embedded broker would have thrown, with the remote broker's message. The structured
     * exceptions build their message from fields the wire does not carry, so subclasses keep the text as sent.
     */
    public RuntimeException toException() {
        return switch (code) {
            case BROKER_UNAVAILABLE -> new BrokerUnavailableException(message);
            case RECORD_TOO_LARGE -> new RemoteRecordTooLargeException(message);
            case NOT_PARTITION_OWNER -> new RemoteNotPartitionOwnerException(message);
            case OFFSET_OUT_OF_RANGE -> new RemoteOffsetOutOfRangeException(message);
            case INVALID_REQUEST -> new IllegalArgumentException(message);
            case UNKNOWN_MEMBER -> new UnknownMemberException(message);
            case BROKER_ERROR, UNSUPPORTED_VERSION, AUTHENTICATION_FAILED, MALFORMED_FRAME ->
                    new BrokerException(message);
        };
    }

    /** A {@link RecordTooLargeException} from a remote broker. */
    static final class RemoteRecordTooLargeException extends RecordTooLargeException {
        private final String message;

        RemoteRecordTooLargeException(String message) {
            super(0, 0);
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    /** A {@link NotPartitionOwnerException} from a remote broker. */
    static final class RemoteNotPartitionOwnerException extends NotPartitionOwnerException {
        private final String message;

        RemoteNotPartitionOwnerException(String message) {
            super("", "", new TopicPartition("", 0));
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    /** An {@link OffsetOutOfRangeException} from a remote broker. */
    static final class RemoteOffsetOutOfRangeException extends OffsetOutOfRangeException {
        private final String message;

        RemoteOffsetOutOfRangeException(String message) {
            super(new TopicPartition("", 0), 0, 0);
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
