package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One file of the log, named by its number. Readers use positional reads; only the log writer writes.
 *
 * @param number the segment's number; segments are numbered from 1 without gaps
 * @param path the file
 * @param channel open for reading and writing
 */
record Segment(long number, Path path, FileChannel channel) implements AutoCloseable {

    private static final String SUFFIX = ".log";

    /** The file name of segment {@code number}, which sorts in number order. */
    static String fileName(long number) {
        return String.format("%020d%s", number, SUFFIX);
    }

    /** The number a segment file name carries, or -1 if {@code fileName} names no segment. */
    static long numberOf(String fileName) {
        if (!fileName.endsWith(SUFFIX) || fileName.length() != 20 + SUFFIX.length()) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, 20));
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
