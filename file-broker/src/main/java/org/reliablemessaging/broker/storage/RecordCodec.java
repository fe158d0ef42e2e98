package org.reliablemessaging.broker.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;

/**
 * The bytes of one record inside a records frame: {@code long epochSecond}, {@code int nanos},
 * key ({@code int length}, -1 for none, UTF-8 bytes), {@code int headerCount} and each header's name and
 * value as length-prefixed UTF-8, then {@code int length} and the value.
 */
public final class RecordCodec {

    private RecordCodec() {
    }

    /** The record's bytes; their length is what {@code maxRecordBytes} limits. */
    public static byte[] encode(NewRecord record) {
        String recordKey = record.key();
        byte @Nullable [] key = recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8);
        List<byte[]> headers = new ArrayList<>();
        record.headers().forEach((name, value) -> {
            headers.add(name.getBytes(StandardCharsets.UTF_8));
            headers.add(value.getBytes(StandardCharsets.UTF_8));
        });
        int size = 8 + 4 + 4 + (key == null ? 0 : key.length) + 4 + 4 + record.value().length;
        for (byte[] header : headers) {
            size += 4 + header.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putLong(record.timestamp().getEpochSecond()).putInt(record.timestamp().getNano());
        putBytes(buffer, key);
        buffer.putInt(record.headers().size());
        headers.forEach(header -> putBytes(buffer, header));
        putBytes(buffer, record.value());
        return buffer.array();
    }

    /** The records of a records frame whose first record has offset {@code baseOffset}. */
    static List<StoredRecord> decode(TopicPartition partition, long baseOffset, int count, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        List<StoredRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant timestamp = Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            byte @Nullable [] key = getBytes(buffer);
            int headerCount = buffer.getInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int h = 0; h < headerCount; h++) {
                headers.put(text(getRequiredBytes(buffer)), text(getRequiredBytes(buffer)));
            }
            records.add(new StoredRecord(partition, baseOffset + i, key == null ? null : text(key), headers,
                    getRequiredBytes(buffer), timestamp));
        }
        return records;
    }

    /** Epoch millis of an encoded record's timestamp, without decoding the rest. */
    static long timestampMillis(byte[] encoded) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        return Instant.ofEpochSecond(buffer.getLong(), buffer.getInt()).toEpochMilli();
    }

    private static void putBytes(ByteBuffer buffer, byte @Nullable [] bytes) {
        if (bytes == null) {
            buffer.putInt(-1);
        }
        else {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static byte @Nullable [] getBytes(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** Header names and values and the value are never null: {@link NewRecord} rejects null ones. */
    private static byte[] getRequiredBytes(ByteBuffer buffer) {
        return Objects.requireNonNull(getBytes(buffer), "a stored header or value is never null");
    }

    private static String text(byte[] bytes) {

        return new String(bytes, StandardCharsets.UTF_8);
    }
}
