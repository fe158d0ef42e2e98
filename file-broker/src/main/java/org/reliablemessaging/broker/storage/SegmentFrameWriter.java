package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends frames to the active segment, rolling to the next segment when a frame does not fit, so
 * that frames never span segments. Used by the writer thread only.
 */
final class SegmentFrameWriter {

    /** A force failed: unlike a failed write, it may have lost earlier writes that were not yet forced. */
    static final class ForceFailedException extends IOException {

        ForceFailedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Path directory;
    private final SegmentSet segments;
    private final LogFiles files;
    private final long segmentBytes;
    private Segment active;
    private long writePosition;

    SegmentFrameWriter(Path directory, SegmentSet segments, LogFiles files, long segmentBytes, LogPosition end) {
        this.directory = directory;
        this.segments = segments;
        this.files = files;
        this.segmentBytes = segmentBytes;
        this.active = segments.require(end.segment());
        this.writePosition = end.offset();
    }

    /** Writes {@code frames} in order and returns where each one starts. */
    List<LogPosition> write(List<Frame> frames) throws IOException {
        List<LogPosition> positions = new ArrayList<>(frames.size());
        List<ByteBuffer> pending = new ArrayList<>();
        long pendingStart = writePosition;
        for (Frame frame : frames) {
            if (writePosition + frame.size() > segmentBytes) {
                writeFully(pending, pendingStart);
                pending.clear();
                roll();
                pendingStart = writePosition;
            }
            positions.add(new LogPosition(active.number(), writePosition));
            pending.add(frame.encode());
            writePosition += frame.size();
        }
        writeFully(pending, pendingStart);
        return positions;
    }

    /** Forces the active segment; earlier segments were forced when the writer left them. */
    void force() throws IOException {
        forceSegment(active);
    }

    /**
     * Undoes the writes after {@code end}, the position before a batch that failed: deletes the segments the
     * batch started, cuts the segment it began in back to {@code end} so that no partial or refused frame stays
     * for recovery to find, and forces that.
     */
    void rollBack(LogPosition end) throws IOException {
        boolean deleted = false;
        while (segments.all().lastKey() > end.segment()) {
            segments.delete(segments.all().lastKey());
            deleted = true;
        }
        if (deleted) {
            files.forceDirectory(directory);
        }
        active = segments.require(end.segment());
        writePosition = end.offset();
        active.channel().truncate(end.offset());
        forceSegment(active);
    }

    /** Where the next frame goes. */
    LogPosition position() {
        return new LogPosition(active.number(), writePosition);
    }

    long activeSegment() {
        return active.number();
    }

    SegmentSet segments() {
        return segments;
    }

    Path directory() {
        return directory;
    }

    private void forceSegment(Segment segment) throws IOException {
        try {
            files.force(segment.channel());
        }
        catch (IOException ex) {
            throw new ForceFailedException(ex);
        }
    }

    private void roll() throws IOException {
        forceSegment(active);
        active = segments.create(active.number() + 1);
        writePosition = 0;
    }

    private void writeFully(List<ByteBuffer> buffers, long position) throws IOException {
        if (buffers.isEmpty()) {
            return;
        }
        ByteBuffer[] array = buffers.toArray(ByteBuffer[]::new);
        FileChannel channel = active.channel();
        channel.position(position);
        long remaining = 0;
        for (ByteBuffer buffer : array) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            remaining -= channel.write(array);
        }
    }
}
