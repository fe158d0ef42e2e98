package org.reliablemessaging.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * The stable, non-negative hash of an ordering key that every component agrees on: relay shards
 * (from the hash stored with each outbox row) and RabbitMQ virtual partitions are {@code hash mod n}.
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

    /** The key's hash, or for an unordered message a hash of its id, which spreads those evenly. */
    public static int of(@Nullable String key, UUID messageId) {
        return of(key != null ? key : messageId.toString());
    }

    /** The bucket, in {@code [0, buckets)}, of {@code key}. */
    public static int bucket(String key, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be at least 1, was " + buckets);
        }
        return of(key) % buckets;
    }

    /** The bucket, in {@code [0, buckets)}, of a message's key, or of its id for an unordered message. */
    public static int bucket(@Nullable String key, UUID messageId, int buckets) {
        return bucket(key != null ? key : messageId.toString(), buckets);
    }
}
