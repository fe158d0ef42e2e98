package org.reliablemessaging.broker.storage;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Maps a key to a partition: CRC32C of the key's UTF-8 bytes, read as an unsigned 32-bit number,
 * modulo the partition count. Stable across restarts, JVMs and versions, because stored data depends on it.
 */
public final class KeyPartitioner {

    private KeyPartitioner() {
    }

    /** The partition, in {@code [0, partitions)}, of {@code key}. */
    public static int partitionOf(String key, int partitions) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
