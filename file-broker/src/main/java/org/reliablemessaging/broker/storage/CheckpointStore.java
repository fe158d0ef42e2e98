package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Checkpoint files {@code checkpoint-<sequence>.ckpt}, each written atomically (temporary file, force,
 * atomic rename, force the directory). The newest two are kept, so a damaged newest one falls back to
 * the one before.
 */
final class CheckpointStore {

    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final String PREFIX = "checkpoint-";
    private static final String SUFFIX = ".ckpt";
    private static final int KEPT = 2;

    private final Path directory;
    private final LogFiles files;
    private final List<LogPosition> keptPositions = new ArrayList<>();

    CheckpointStore(Path directory, LogFiles files) {
        this.directory = directory;
        this.files = files;
    }

    /**
     * The newest valid checkpoint whose position {@code usable} accepts; invalid or unusable ones are
     * logged and skipped. Also learns the positions of the kept checkpoints, for {@link #retainableBefore()}.
     */
    Optional<Checkpoint> newestValid(Predicate<Checkpoint> usable) throws IOException {
        Checkpoint chosen = null;
        for (Path path : newestFirst()) {
            try {
                Checkpoint checkpoint = CheckpointCodec.decode(Files.readAllBytes(path));
                keptPositions.add(checkpoint.position());
                if (chosen == null && usable.test(checkpoint)) {
                    chosen = checkpoint;
                }
                else if (chosen == null) {
                    LOG.log(System.Logger.Level.WARNING, "checkpoint {0} refers to a log position {1} whose "
                            + "segment is gone; trying an older one", path, checkpoint.position());
                }
            }
            catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "checkpoint {0} is unreadable ({1}); trying an older one",
                        path, ex.getMessage());
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** Writes {@code checkpoint} as the newest and deletes all but the newest two. */
    void write(Checkpoint checkpoint) throws IOException {
        List<Path> existing = newestFirst();
        long sequence = existing.isEmpty() ? 1 : sequenceOf(existing.getFirst()) + 1;
        Path target = directory.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = files.open(temporary)) {
            channel.truncate(0);
            ByteBuffer bytes = ByteBuffer.wrap(CheckpointCodec.encode(checkpoint));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            files.force(channel);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        files.forceDirectory(directory);
        keptPositions.addFirst(checkpoint.position());
        for (Path old : existing.subList(Math.min(KEPT - 1, existing.size()), existing.size())) {
            Files.delete(old);
        }
        while (keptPositions.size() > KEPT) {
            keptPositions.removeLast();
        }
        LOG.log(System.Logger.Level.DEBUG, "checkpoint {0} written at log position {1}", target,
                checkpoint.position());
    }

    /**
     * The segment before which retention may delete: segments wholly before the older kept checkpoint,
     * so that recovery from either checkpoint still finds every segment it replays.
     */
    long retainableBefore() {
        return keptPositions.size() < KEPT ? 0 : keptPositions.getLast().segment();
    }

    /** Deletes temporary files of checkpoints whose writing a crash interrupted. */
    void deleteTemporaryFiles() throws IOException {
        try (var paths = Files.list(directory)) {
            for (Path path : paths.filter(p -> p.getFileName().toString().endsWith(SUFFIX + ".tmp")).toList()) {
                Files.delete(path);
            }
        }
    }

    private List<Path> newestFirst() throws IOException {
        try (var paths = Files.list(directory)) {
            return paths.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted(Comparator.comparingLong(CheckpointStore::sequenceOf).reversed()).toList();
        }
    }

    private static long sequenceOf(Path path) {
        String name = path.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }
}
