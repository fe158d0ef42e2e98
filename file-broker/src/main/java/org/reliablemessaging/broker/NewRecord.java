package org.reliablemessaging.broker;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A record to publish.
 *
 * @param key the key that picks the partition (a stable hash of its UTF-8 bytes), or {@code null}
 *        to spread keyless records over the partitions
 * @param headers text headers, kept in iteration order; neither names nor values may be null
 * @param value the payload bytes
 * @param timestamp when the record was created; retention by age uses it
 */
public record NewRecord(@Nullable String key, Map<String, String> headers, byte[] value, Instant timestamp) {

    public NewRecord {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
        // the log cannot store a null header, so it is refused here rather than failing the publish later
        headers.forEach((name, text) -> {
            Objects.requireNonNull(name, "a header name");
            Objects.requireNonNull(text, () -> "the value of header '" + name + "'");
        });
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A record with no headers, stamped now. */
    public static NewRecord of(@Nullable String key, byte[] value) {
        return new NewRecord(key, Map.of(), value, Instant.now());
    }
}
