package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the log opens and forces its files; tests substitute an implementation whose force fails, to
 * prove that a failed force stops the broker instead of losing acknowledged data.
 */
public interface LogFiles {

    /** Opens {@code path} for reading and writing, creating it when missing. */
    FileChannel open(Path path) throws IOException;

    /** Forces the channel's content (not necessarily its metadata) to the storage device. */
    void force(FileChannel channel) throws IOException;

    /** Forces a directory, so that files created, renamed or deleted in it survive a crash. */
    default void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** The real file system. */
    static LogFiles system() {
        return new LogFiles() {
            @Override
            public FileChannel open(Path path) throws IOException {
                return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }

            @Override
            public void force(FileChannel channel) throws IOException {
                channel.force(false);
            }
        };
    }
}
