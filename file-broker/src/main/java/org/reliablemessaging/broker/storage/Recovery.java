package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.reliablemessaging.broker.LogCorruptedException;

/**
 * Rebuilds the log's state at start-up: the newest valid checkpoint, then the frames after it, each
 * checked against its CRC. Invalid bytes at the end of the last segment are a torn write of
 * unacknowledged data and are zeroed; invalid bytes anywhere else stop the start-up.
 */
final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    /** The recovered state, the open segments, and where the next frame goes. */
    record Recovered(LogState state, SegmentSet segments, LogPosition end) {
    }

    private final Path directory;
    private final SegmentSet segments;
    private final CheckpointStore checkpoints;
    private final LogFiles files;
    private final LogState state = new LogState();

    Recovery(Path directory, SegmentSet segments, CheckpointStore checkpoints, LogFiles files) {
        this.directory = directory;
        this.segments = segments;
        this.checkpoints = checkpoints;
        this.files = files;
    }

    Recovered recover() throws IOException {
        SegmentSet.deleteLeftovers(directory);
        checkpoints.deleteTemporaryFiles();
        List<Long> numbers = segmentNumbers();
        if (numbers.isEmpty()) {
            if (checkpoints.newestValid(checkpoint -> true).isPresent()) {
                throw new LogCorruptedException("broker directory " + directory + " has checkpoints but no log "
                        + "segments: restore the segment files (*.log) from a backup, or empty the directory");
            }
            segments.create(1);
            return new Recovered(state, segments, new LogPosition(1, 0));
        }
        long first = numbers.getFirst();
        long last = numbers.getLast();
        if (last - first + 1 != numbers.size()) {
            throw new LogCorruptedException("broker directory " + directory + " lacks some log segments between "
                    + Segment.fileName(first) + " and " + Segment.fileName(last) + ": restore them from a backup");
        }
        for (long number : numbers) {
            segments.openExisting(number);
        }
        Optional<Checkpoint> checkpoint = checkpoints.newestValid(
                candidate -> candidate.position().segment() >= first && candidate.position().segment() <= last);
        LogPosition from = new LogPosition(first, 0);
        if (checkpoint.isPresent()) {
            state.restore(checkpoint.get());
            state.dropSegmentsBefore(first);
            from = checkpoint.get().position();
            LOG.log(System.Logger.Level.INFO, "recovering {0} from the checkpoint at {1}", directory, from);
        }
        else {
            LOG.log(System.Logger.Level.INFO, "recovering {0} by replaying the whole log: no usable checkpoint",
                    directory);
        }
        LogPosition end = from;
        for (long number = from.segment(); number <= last; number++) {
            end = replay(segments.require(number), number == from.segment() ? from.offset() : 0, number == last);
        }
        state.durableEnd(end);
        segments.startPreallocating(last + 1);
        return new Recovered(state, segments, end);
    }

    private LogPosition replay(Segment segment, long from, boolean last) throws IOException {
        FrameScanner scanner = new FrameScanner(segment.channel(), from, Long.MAX_VALUE);
        int frames = 0;
        while (true) {
            FrameScanner.Step step = scanner.next(id -> true);
            switch (step) {
                case FrameScanner.Found found -> {
                    LogPosition position = new LogPosition(segment.number(), found.position());
                    try {
                        state.apply(found.frame(), position);
                    }
                    catch (IllegalStateException ex) {
                        throw new LogCorruptedException(segment.path(), found.position(),
                                Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
                    }
                    frames++;
                }
                case FrameScanner.End end -> {
                    if (last && FrameScanner.validFrameAfter(segment.channel(), end.position())) {
                        throw new LogCorruptedException(segment.path(), end.position(), "zero length");
                    }
                    LOG.log(System.Logger.Level.DEBUG, "replayed {0} frames of {1}", frames, segment.path());
                    return new LogPosition(segment.number(), end.position());
                }
                case FrameScanner.Invalid invalid -> {
                    if (!last || FrameScanner.validFrameAfter(segment.channel(), invalid.position())) {
                        throw new LogCorruptedException(segment.path(), invalid.position(), invalid.reason());
                    }
                    truncate(segment, invalid);
                    return new LogPosition(segment.number(), invalid.position());
                }
            }
        }
    }

    /** Zeroes a torn tail, so that the next frame written there cannot be mistaken for a continuation of it. */
    private void truncate(Segment segment, FrameScanner.Invalid tail) throws IOException {
        FileChannel channel = segment.channel();
        long size = channel.size();
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long at = tail.position(); at < size; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
            at += channel.write(zeros, at);
        }
        files.force(channel);
        LOG.log(System.Logger.Level.WARNING, "cut off a torn write at the end of the log: {0} bytes of {1} from "
                + "byte {2} ({3}) zeroed", Long.toString(size - tail.position()),
                segment.path(), Long.toString(tail.position()), tail.reason());
    }

    private List<Long> segmentNumbers() throws IOException {
        try (var paths = Files.list(directory)) {
            return paths.map(path -> Segment.numberOf(path.getFileName().toString())).filter(number -> number > 0)
                    .sorted().toList();
        }
    }
}
