package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.reliablemessaging.broker.DirectoryLockedException;

/**
 * Ownership of a broker directory: an exclusive lock on its {@code broker.lock} file, held by one broker
 * in one process. The operating system releases it when the process dies, so a crash leaves no stale lock.
 */
public final class DirectoryLock implements AutoCloseable {

    private static final String LOCK_FILE = "broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code directory}.
     *
     * @throws DirectoryLockedException when another broker holds it
     */
    public static DirectoryLock acquire(Path directory) throws IOException {
        Path file = directory.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        }
        catch (OverlappingFileLockException ex) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new DirectoryLockedException(directory, file);
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
