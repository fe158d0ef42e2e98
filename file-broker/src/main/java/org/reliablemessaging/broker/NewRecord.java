package org.reliablemessaging.broker;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record to publish.
 *
 * @param key the key that picks the partition (a stable hash of its UTF-8 bytes), or {@code null}
 *        to spread keyless records over the partitions
 * @param headers text headers, kept in iteration order
 * @param value the payload bytes
 * @param timestamp when the record was created; retention by age uses it
 */
public record NewRecord(String key, Map<String, String> headers, byte[] value, Instant timestamp) {

    public NewRecord {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A record with no headers, stamped now. */
    public static NewRecord of(String key, byte[] value) {
        return new NewRecord(key, Map.of(), value, Instant.now());
    }
}
