package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.reliablemessaging.broker.LogCorruptedException;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.StoredRecord;

/**
 * Reads the durable records of a partition: from the sparse index entry at or before the wanted offset,
 * it scans forward with positional reads, skipping other partitions' frames and checking each CRC.
 */
final class LogReader {

    /** Retention deleted a segment under a read; the read starts over against the new partition start. */
    private static final class SegmentDeleted extends Exception {
        SegmentDeleted() {
            super(null, null, false, false);
        }
    }

    private final LogState state;
    private final SegmentSet segments;

    LogReader(LogState state, SegmentSet segments) {
        this.state = state;
        this.segments = segments;
    }

    List<StoredRecord> read(PartitionLog partition, long offset, int maxRecords) {
        while (true) {
            long end = partition.end();
            if (offset < partition.start()) {
                throw new OffsetOutOfRangeException(partition.partition(), offset, partition.start());
            }
            if (offset >= end || maxRecords <= 0) {
                return List.of();
            }
            try {
                return scan(partition, offset, (int) Math.min(maxRecords, end - offset), end);
            }
            catch (SegmentDeleted ex) {
                // the partition's start moved past the deleted segment: the next round sees it
            }
            catch (IOException ex) {
                throw new UncheckedIOException("could not read " + partition.partition() + " from the log", ex);
            }
        }
    }

    private List<StoredRecord> scan(PartitionLog partition, long offset, int maxRecords, long end)
            throws IOException, SegmentDeleted {
        LogPosition durable = state.durableEnd();
        var floor = partition.floor(offset);
        if (floor == null) {
            throw new SegmentDeleted();
        }
        List<StoredRecord> records = new ArrayList<>(maxRecords);
        long next = offset;
        long segmentNumber = floor.getValue().segment();
        long from = floor.getValue().offset();
        while (true) {
            Segment segment = segments.get(segmentNumber);
            if (segment == null) {
                throw new SegmentDeleted();
            }
            long limit = segmentNumber == durable.segment() ? durable.offset() : Long.MAX_VALUE;
            try {
                FrameScanner scanner = new FrameScanner(segment.channel(), from, limit);
                for (FrameScanner.Step step = scanner.next(id -> id == partition.id());
                        !(step instanceof FrameScanner.End); step = scanner.next(id -> id == partition.id())) {
                    if (step instanceof FrameScanner.Invalid invalid) {
                        throw new LogCorruptedException(segment.path(), invalid.position(), invalid.reason());
                    }
                    Frame frame = ((FrameScanner.Found) step).frame();
                    if (frame.type() != FrameType.RECORDS || frame.baseOffset() + frame.count() <= next) {
                        continue;
                    }
                    for (StoredRecord record : RecordCodec.decode(partition.partition(), frame.baseOffset(),
                            frame.count(), frame.payload())) {
                        if (record.offset() >= next && records.size() < maxRecords) {
                            records.add(record);
                            next = record.offset() + 1;
                        }
                    }
                    if (records.size() == maxRecords || next >= end) {
                        return records;
                    }
                }
            }
            catch (ClosedChannelException ex) {
                throw new SegmentDeleted();
            }
            if (segmentNumber >= durable.segment()) {
                return records;
            }
            segmentNumber++;
            from = 0;
        }
    }
}
