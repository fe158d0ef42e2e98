package org.reliablemessaging.broker.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of one frame body, rejecting anything that does not fit as a {@link MalformedFrameException}.
 */
public final class WireInput {

    private final ByteBuffer buffer;

    public WireInput(ByteBuffer body) {
        this.buffer = body;
    }

    public int readByte() {
        return guard(() -> buffer.get() & 0xFF);
    }

    public int readInt() {
        return guard(buffer::getInt);
    }

    public long readLong() {
        return guard(buffer::getLong);
    }

    /** Reads a length (-1 for null) and that many bytes. */
    public byte @Nullable [] readBytes() {
        int length = readInt();
        if (length == -1) {
            return null;
        }
        checkCount(length, 1);
        byte[] value = new byte[length];
        buffer.get(value);
        return value;
    }

    /** Reads a nullable string written by {@link WireOutput#writeString}, which must be valid UTF-8. */
    public @Nullable String readString() {
        byte[] utf8 = readBytes();
        if (utf8 == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        }
        catch (CharacterCodingException ex) {
            throw new MalformedFrameException("a string field is not valid UTF-8", ex);
        }
    }

    /** Reads non-null bytes. */
    public byte[] readRequiredBytes(String field) {
        byte[] value = readBytes();
        if (value == null) {
            throw new MalformedFrameException(field + " must not be null");
        }
        return value;
    }

    /** Reads a non-null string. */
    public String readRequiredString(String field) {
        String value = readString();
        if (value == null) {
            throw new MalformedFrameException(field + " must not be null");
        }
        return value;
    }

    /**
     * Checks that {@code count} elements of at least {@code minBytesEach} bytes can still be in the frame, so a
     * forged count cannot make the reader allocate more than the frame holds.
     */
    public int checkCount(int count, int minBytesEach) {
        if (count < 0 || (long) count * minBytesEach > buffer.remaining()) {
            throw new MalformedFrameException("count " + count + " does not fit in the " + buffer.remaining()
                    + " bytes left in the frame");
        }
        return count;
    }

    /** Fails unless the whole body was read: trailing bytes mean the sender and receiver disagree on the format. */
    public void expectEnd() {
        if (buffer.hasRemaining()) {
            throw new MalformedFrameException(buffer.remaining() + " unexpected bytes at the end of the frame");
        }
    }

    private static <T> T guard(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        }
        catch (BufferUnderflowException ex) {
            throw new MalformedFrameException("frame ends in the middle of a field", ex);
        }
    }
}
