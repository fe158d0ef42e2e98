package org.reliablemessaging.broker.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reliablemessaging.broker.storage.LogFiles;

/** The real file system, counting forces of segment files and failing them on demand. */
final class InstrumentedFiles implements LogFiles {

    private final LogFiles system = LogFiles.system();
    private final Map<FileChannel, Path> paths = new ConcurrentHashMap<>();
    final AtomicInteger segmentForces = new AtomicInteger();
    final AtomicBoolean failForces = new AtomicBoolean();

    @Override
    public FileChannel open(Path path) throws IOException {
        FileChannel channel = system.open(path);
        paths.put(channel, path);
        return channel;
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        if (failForces.get()) {
            throw new IOException("injected: the disk refused to flush");
        }
        if (paths.getOrDefault(channel, Path.of("")).toString().endsWith(".log")) {
            segmentForces.incrementAndGet();
        }
        system.force(channel);
    }
}
