package org.reliablemessaging.broker.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Builds and parses in-memory byte arrays with data streams, for control frames and checkpoints. */
final class DataBytes {

    private DataBytes() {
    }

    /** Writes to a data stream, which may throw. */
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads from a data stream, which may throw. */
    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        }
        return bytes.toByteArray();
    }

    static <T> T read(byte[] payload, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            return reader.read(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("bytes that passed their CRC check are malformed", ex);
        }
    }
}
