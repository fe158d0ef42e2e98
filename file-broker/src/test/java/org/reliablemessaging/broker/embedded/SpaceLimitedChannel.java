package org.reliablemessaging.broker.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file channel on a disk with {@code spaceLeft} bytes free: a write takes what is left and then fails with
 * "No space left on device", as a full file system does, leaving the partial write in the file.
 */
final class SpaceLimitedChannel extends FileChannel {

    /** The space of a disk that is not full. */
    static final long UNLIMITED = Long.MAX_VALUE;

    private final FileChannel file;
    private final AtomicLong spaceLeft;

    SpaceLimitedChannel(FileChannel file, AtomicLong spaceLeft) {
        this.file = file;
        this.spaceLeft = spaceLeft;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        ByteBuffer allowed = allowed(source);
        int written = file.write(allowed);
        source.position(source.position() + written);
        return written;
    }

    @Override
    public int write(ByteBuffer source, long position) throws IOException {
        ByteBuffer allowed = allowed(source);
        int written = file.write(allowed, position);
        source.position(source.position() + written);
        return written;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!sources[i].hasRemaining()) {
                continue;
            }
            try {
                written += write(sources[i]);
            }
            catch (IOException full) {
                if (written == 0) {
                    throw full;
                }
                return written;
            }
            if (sources[i].hasRemaining()) {
                return written;
            }
        }
        return written;
    }

    /** The part of {@code source} the space left takes, which it uses up; fails when none is left. */
    private ByteBuffer allowed(ByteBuffer source) throws IOException {
        int wanted = source.remaining();
        long left = spaceLeft.get();
        if (left == UNLIMITED || wanted == 0) {
            return source.duplicate();
        }
        if (left == 0) {
            throw new IOException("No space left on device");
        }
        int taken = (int) Math.min(wanted, left);
        spaceLeft.addAndGet(-taken);
        return source.duplicate().limit(source.position() + taken);
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        return file.read(target);
    }

    @Override
    public long read(ByteBuffer[] targets, int offset, int length) throws IOException {
        return file.read(targets, offset, length);
    }

    @Override
    public int read(ByteBuffer target, long position) throws IOException {
        return file.read(target, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
        throw new UnsupportedOperationException("the log does not transfer into its files");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
