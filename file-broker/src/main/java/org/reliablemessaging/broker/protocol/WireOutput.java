package org.reliablemessaging.broker.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A growable big-endian buffer that one frame is encoded into, its 4-byte length prefix reserved up front.
 */
public final class WireOutput {

    private byte[] bytes = new byte[256];
    private int size = Integer.BYTES;

    public WireOutput writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public WireOutput writeInt(int value) {
        ensure(Integer.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireOutput writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** Writes the length (-1 for null), then the bytes. */
    public WireOutput writeBytes(byte @Nullable [] value) {
        if (value == null) {
            return writeInt(-1);
        }
        writeInt(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /** Writes a nullable string as its UTF-8 bytes. */
    public WireOutput writeString(@Nullable String value) {
        return writeBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The body size written so far, without the length prefix. */
    public int bodySize() {
        return size - Integer.BYTES;
    }

    /** The finished frame: the body's length, then the body. */
    public byte[] toFrame() {
        int length = bodySize();
        for (int i = 0; i < Integer.BYTES; i++) {
            bytes[i] = (byte) (length >>> (24 - 8 * i));
        }
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("frame larger than 2 GiB; send fewer or smaller records per request");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
