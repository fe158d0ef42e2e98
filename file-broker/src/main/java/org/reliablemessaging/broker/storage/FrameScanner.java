package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.IntPredicate;

/**
 * Reads the frames of one segment in order through a buffer, checking each frame it returns
 * against its CRC. Frames of partitions the caller does not want are skipped by their length alone.
 */
final class FrameScanner {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private long bufferStart;
    private int bufferLength;
    private long position;

    /** What {@link #next} found. */
    sealed interface Step permits Found, End, Invalid {
    }

    /** A valid frame at {@code position}. */
    record Found(Frame frame, long position) implements Step {
    }

    /** No more data: a zero length or the scan's limit. */
    record End(long position) implements Step {
    }

    /** Bytes at {@code position} that are no valid frame, and why. */
    record Invalid(long position, String reason) implements Step {
    }

    /** Scans from {@code start} up to {@code limit} or the end of the file, whichever comes first. */
    FrameScanner(FileChannel channel, long start, long limit) throws IOException {
        this.channel = channel;
        this.limit = Math.min(limit, channel.size());
        this.position = start;
    }

    /** The next frame, reading the body (and checking the CRC) only of frames whose partition {@code wanted} accepts. */
    Step next(IntPredicate wanted) throws IOException {
        while (true) {
            long remaining = limit - position;
            if (remaining < 4) {
                return new End(position);
            }
            int length = window(position, 4).getInt(0);
            if (length == 0) {
                return new End(position);
            }
            if (length < Frame.MIN_LENGTH || length > remaining - 4) {
                return new Invalid(position, "frame length " + length + " does not fit the "
                        + (remaining - 4) + " bytes left");
            }
            ByteBuffer header = window(position, Frame.HEADER_BYTES);
            FrameType type = FrameType.ofCode(header.get(8));
            if (type == null) {
                return new Invalid(position, "unknown frame type " + header.get(8));
            }
            int partitionId = header.getInt(9);
            if (type == FrameType.RECORDS && !wanted.test(partitionId)) {
                position += 4 + length;
                continue;
            }
            ByteBuffer frame = window(position, 4 + length);
            if (Frame.crcOf(frame, 8, length - 4) != frame.getInt(4)) {
                return new Invalid(position, "CRC mismatch");
            }
            byte[] payload = new byte[length - Frame.MIN_LENGTH];
            frame.get(Frame.HEADER_BYTES, payload);
            long at = position;
            position += 4 + length;
            return new Found(new Frame(type, partitionId, frame.getLong(13), frame.getInt(21), frame.getLong(25),
                    payload), at);
        }
    }

    /**
     * Whether a valid frame starts anywhere after {@code from} in the file: if so, the invalid bytes at
     * {@code from} are no torn tail but damage in the middle of the data.
     */
    static boolean validFrameAfter(FileChannel channel, long from) throws IOException {
        long size = channel.size();
        if (size - from > Integer.MAX_VALUE) {
            throw new IOException("segment of " + size + " bytes is too large to inspect");
        }
        MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        for (long at = from + 1; at + Frame.HEADER_BYTES <= size; at++) {
            int index = (int) at;
            int length = data.getInt(index);
            if (length >= Frame.MIN_LENGTH && length <= size - at - 4 && FrameType.ofCode(data.get(index + 8)) != null
                    && Frame.crcOf(data, index + 8, length - 4) == data.getInt(index + 4)) {
                return true;
            }
        }
        return false;
    }

    /** {@code length} bytes from file position {@code at}, indexed from 0; the caller checked they exist. */
    private ByteBuffer window(long at, int length) throws IOException {
        if (at >= bufferStart && at + length <= bufferStart + bufferLength) {
            return buffer.slice((int) (at - bufferStart), length);
        }
        if (length > BUFFER_BYTES) {
            ByteBuffer large = ByteBuffer.allocate(length);
            readFully(large, at);
            return large.flip();
        }
        buffer.clear().limit((int) Math.min(BUFFER_BYTES, limit - at));
        readFully(buffer, at);
        bufferStart = at;
        bufferLength = buffer.position();
        return buffer.slice(0, length);
    }

    private void readFully(ByteBuffer target, long at) throws IOException {
        long next = at;
        while (target.hasRemaining()) {
            int read = channel.read(target, next);
            if (read < 0) {
                throw new IOException("file ended at " + next + " while reading a frame it declared to be longer");
            }
            next += read;
        }
    }
}
