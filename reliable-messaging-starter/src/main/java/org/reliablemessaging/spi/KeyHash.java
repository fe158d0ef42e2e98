package org.reliablemessaging.spi;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The stable, non-negative hash of an ordering key that every component agrees on: relay shards,
 * RabbitMQ virtual partitions and file-broker partitions are all {@code hash mod n}.
 */
public final class KeyHash {

    private KeyHash() {
    }

    /** CRC32C of the key's UTF-8 bytes, masked to a non-negative int. */
    public static int of(String key) {
        CRC32C crc = new CRC32C();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() & 0x7fffffff);
    }

    /** The bucket, in {@code [0, buckets)}, of {@code key}. */
    public static int bucket(String key, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
        }
        return of(key) % buckets;
    }
}
