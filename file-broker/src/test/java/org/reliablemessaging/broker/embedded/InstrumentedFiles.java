package org.reliablemessaging.broker.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reliablemessaging.broker.storage.LogFiles;

/**
 * The real file system, counting forces of segment files, failing them on demand, and limiting the free space
 * that writes may use.
 */
final class InstrumentedFiles implements LogFiles {

    private final LogFiles system = LogFiles.system();
    private final Map<FileChannel, Path> paths = new ConcurrentHashMap<>();
    final AtomicInteger segmentForces = new AtomicInteger();
    final AtomicBoolean failForces = new AtomicBoolean();
    /** How many forces of segment files fail next, as a delayed allocation that finds the disk full does. */
    final AtomicInteger forcesToFail = new AtomicInteger();
    final AtomicLong spaceLeft = new AtomicLong(SpaceLimitedChannel.UNLIMITED);

    @Override
    public FileChannel open(Path path) throws IOException {
        FileChannel channel = new SpaceLimitedChannel(system.open(path), spaceLeft);
        paths.put(channel, path);
        return channel;
    }

    @Override
    public void force(FileChannel channel) throws IOException {
        boolean segment = paths.getOrDefault(channel, Path.of("")).toString().endsWith(".log");
        if (failForces.get() || segment && forcesToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IOException("injected: the disk refused to flush");
        }
        if (segment) {
            segmentForces.incrementAndGet();
        }
        system.force(channel);
    }
}
