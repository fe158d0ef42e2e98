package org.reliablemessaging.broker.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One unit of the write-ahead log.
 *
 * <p>On disk, big-endian: {@code int length} (of everything after it), {@code int crc} (CRC32C of
 * everything after it), {@code byte type}, {@code int partitionId}, {@code long baseOffset},
 * {@code int count}, {@code long timestamp} (epoch millis, the newest record's), then the payload.
 * A length of zero marks the end of the data in a pre-allocated, zero-filled segment.
 *
 * @param type what the frame holds
 * @param partitionId the partition of a records frame, the first partition of a created topic, -1 otherwise
 * @param baseOffset the offset of the first record of a records frame, 0 otherwise
 * @param count records in a records frame, partitions of a created topic, 0 otherwise
 * @param timestamp epoch millis: the newest record's, or when the frame was made
 * @param payload the type's content
 */
record Frame(FrameType type, int partitionId, long baseOffset, int count, long timestamp, byte[] payload) {

    /** Bytes before the payload: length, crc, type, partition id, base offset, count, timestamp. */
    static final int HEADER_BYTES = 4 + 4 + 1 + 4 + 8 + 4 + 8;

    /** The smallest valid value of the length field: a frame with an empty payload. */
    static final int MIN_LENGTH = HEADER_BYTES - 4;

    /** Bytes this frame takes in the log. */
    int size() {
        return HEADER_BYTES + payload.length;
    }

    /** The frame as it is written to the log. */
    ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(size());
        buffer.putInt(size() - 4).putInt(0).put(type.code()).putInt(partitionId).putLong(baseOffset)
                .putInt(count).putLong(timestamp).put(payload);
        buffer.putInt(4, crcOf(buffer, 8, buffer.capacity() - 8));
        return buffer.flip();
    }

    /** CRC32C of {@code length} bytes of {@code buffer} from absolute index {@code from}. */
    static int crcOf(ByteBuffer buffer, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(from, length));
        return (int) crc.getValue();
    }
}
