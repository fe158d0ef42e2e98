package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * The open segment files of the log, and the next segment, which a background thread creates and
 * zero-fills ahead of time so that rolling over costs the writer a rename instead of a 64 MiB write.
 */
final class SegmentSet implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SegmentSet.class.getName());
    private static final String PREALLOCATED_SUFFIX = ".prealloc";
    private static final int ZERO_CHUNK = 1024 * 1024;

    private final Path directory;
    private final LogFiles files;
    private final long segmentBytes;
    private final NavigableMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private @Nullable CompletableFuture<Path> preallocated;

    SegmentSet(Path directory, LogFiles files, long segmentBytes) {
        this.directory = directory;
        this.files = files;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the existing segment {@code number}. */
    Segment openExisting(long number) throws IOException {
        Path path = directory.resolve(Segment.fileName(number));
        Segment segment = new Segment(number, path, files.open(path));
        segments.put(number, segment);
        return segment;
    }

    /** The segment, or {@code null} when retention deleted it (or it never existed). */
    @Nullable Segment get(long number) {
        return segments.get(number);
    }

    /** The segment, which must be open. */
    Segment require(long number) {
        return Objects.requireNonNull(segments.get(number), () -> "segment " + number + " is not open");
    }

    NavigableMap<Long, Segment> all() {
        return segments;
    }

    /**
     * Makes the pre-allocated file segment {@code number}, forces the directory so the new name is
     * durable, and starts pre-allocating the one after it.
     */
    Segment create(long number) throws IOException {
        Path path = directory.resolve(Segment.fileName(number));
        Files.move(takePreallocated(number), path, StandardCopyOption.ATOMIC_MOVE);
        files.forceDirectory(directory);
        Segment segment = new Segment(number, path, files.open(path));
        segments.put(number, segment);
        preallocate(number + 1);
        LOG.log(System.Logger.Level.DEBUG, "log segment {0} started", path);
        return segment;
    }

    /** Closes and deletes segment {@code number}. */
    void delete(long number) throws IOException {
        Segment segment = Objects.requireNonNull(segments.remove(number), () -> "segment " + number + " is not open");
        segment.close();
        Files.delete(segment.path());
    }

    @Override
    public void close() throws IOException {
        for (Segment segment : segments.values()) {
            segment.close();
        }
        if (preallocated != null) {
            // only waits, so that no background write outlives the broker; a failure would surface at the next roll
            preallocated.handle((path, failure) -> path).join();
        }
    }

    private Path takePreallocated(long number) throws IOException {
        CompletableFuture<Path> taken = preallocated;
        if (taken == null) {
            taken = preallocate(number);
        }
        try {
            return taken.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the pre-allocated segment " + number, ex);
        }
        catch (ExecutionException ex) {
            throw new IOException("could not pre-allocate segment " + number + " in " + directory, ex.getCause());
        }
        finally {
            preallocated = null;
        }
    }

    /** Starts creating segment {@code number} in the background, for the writer's next roll. */
    void startPreallocating(long number) {
        preallocate(number);
    }

    private CompletableFuture<Path> preallocate(long number) {
        Path path = directory.resolve(Segment.fileName(number) + PREALLOCATED_SUFFIX);
        CompletableFuture<Path> future = CompletableFuture.supplyAsync(() -> {
            try {
                zeroFill(path);
                return path;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, command -> Thread.ofPlatform().daemon().name("file-broker-preallocate").start(command));
        preallocated = future;
        return future;
    }

    private void zeroFill(Path path) throws IOException {
        try (FileChannel channel = files.open(path)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
            channel.truncate(0);
            for (long written = 0; written < segmentBytes; ) {
                zeros.clear().limit((int) Math.min(ZERO_CHUNK, segmentBytes - written));
                written += channel.write(zeros, written);
            }
            files.force(channel);
        }
    }

    /** Deletes pre-allocated files a previous run left, which hold no data. */
    static void deleteLeftovers(Path directory) throws IOException {
        try (var paths = Files.list(directory)) {
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(PREALLOCATED_SUFFIX)).toList()) {
                Files.delete(path);
            }
        }
    }
}
