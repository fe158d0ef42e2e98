package org.reliablemessaging.broker.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/**
 * Codecs of the broker API's values, shared by requests and responses.
 */
public final class Codecs {

    /** A non-null UTF-8 string. */
    public static final WireCodec<String> REQUIRED_STRING = WireCodec.of(WireOutput::writeString,
            in -> in.readRequiredString("string"));

    public static final WireCodec<Integer> INT = WireCodec.of(WireOutput::writeInt, WireInput::readInt);

    public static final WireCodec<Long> LONG = WireCodec.of(WireOutput::writeLong, WireInput::readLong);

    /** Nothing: the response of a request that only succeeds or fails. */
    public static final WireCodec<@Nullable Void> NONE = WireCodec.of((out, value) -> { }, in -> null);

    /** Seconds since the epoch (long), then nanoseconds (int), so no precision is lost. */
    public static final WireCodec<Instant> INSTANT = WireCodec.of((out, instant) -> {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }, in -> valid(() -> Instant.ofEpochSecond(in.readLong(), in.readInt())));

    public static final WireCodec<TopicPartition> TOPIC_PARTITION = WireCodec.of((out, tp) -> {
        out.writeString(tp.topic());
        out.writeInt(tp.partition());
    }, in -> valid(() -> new TopicPartition(in.readRequiredString("topic"), in.readInt())));

    /** Headers: neither names nor values are null ({@link NewRecord} refuses null ones). */
    public static final WireCodec<Map<String, String>> HEADERS = WireCodec.mapOf(REQUIRED_STRING, REQUIRED_STRING);

    public static final WireCodec<NewRecord> NEW_RECORD = WireCodec.of((out, record) -> {
        out.writeString(record.key());
        HEADERS.write(out, record.headers());
        out.writeBytes(record.value());
        INSTANT.write(out, record.timestamp());
    }, in -> valid(() -> new NewRecord(in.readString(), HEADERS.read(in), in.readRequiredBytes("value"),
            INSTANT.read(in))));

    public static final WireCodec<StoredRecord> STORED_RECORD = WireCodec.of((out, record) -> {
        TOPIC_PARTITION.write(out, record.partition());
        out.writeLong(record.offset());
        out.writeString(record.key());
        HEADERS.write(out, record.headers());
        out.writeBytes(record.value());
        INSTANT.write(out, record.timestamp());
    }, in -> valid(() -> new StoredRecord(TOPIC_PARTITION.read(in), in.readLong(), in.readString(), HEADERS.read(in),
            in.readRequiredBytes("value"), INSTANT.read(in))));

    public static final WireCodec<List<StoredRecord>> STORED_RECORDS = WireCodec.listOf(STORED_RECORD);

    public static final WireCodec<List<TopicPartition>> TOPIC_PARTITIONS = WireCodec.listOf(TOPIC_PARTITION);

    public static final WireCodec<TopicDescription> TOPIC_DESCRIPTION = WireCodec.of((out, topic) -> {
        out.writeString(topic.name());
        out.writeInt(topic.partitions());
    }, in -> valid(() -> new TopicDescription(in.readRequiredString("topic"), in.readInt())));

    public static final WireCodec<PartitionOffsets> PARTITION_OFFSETS = WireCodec.of((out, offsets) -> {
        out.writeLong(offsets.start());
        out.writeLong(offsets.end());
    }, in -> valid(() -> new PartitionOffsets(in.readLong(), in.readLong())));

    public static final WireCodec<RecordPosition> RECORD_POSITION = WireCodec.of((out, position) -> {
        TOPIC_PARTITION.write(out, position.partition());
        out.writeLong(position.offset());
    }, in -> new RecordPosition(TOPIC_PARTITION.read(in), in.readLong()));

    public static final WireCodec<Fetch> FETCH = WireCodec.of((out, fetch) -> {
        TOPIC_PARTITIONS.write(out, fetch.assigned());
        TOPIC_PARTITIONS.write(out, fetch.revoked());
        STORED_RECORDS.write(out, fetch.records());
    }, in -> new Fetch(TOPIC_PARTITIONS.read(in), TOPIC_PARTITIONS.read(in), STORED_RECORDS.read(in)));

    private Codecs() {
    }

    /** Turns a value the API's records reject (a negative partition, a null value) into a malformed frame. */
    private static <T> T valid(java.util.function.Supplier<T> construct) {
        try {
            return construct.get();
        }
        catch (IllegalArgumentException | NullPointerException | DateTimeException ex) {
            throw new MalformedFrameException("invalid field: " + ex.getMessage(), ex);
        }
    }
}
