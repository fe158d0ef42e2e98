package org.reliablemessaging.jdbc;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.KeyHash;

/**
 * The key hash stored with each outbox row, from which relay shards are computed.
 */
final class OutboxKeys {

    private OutboxKeys() {
    }

    /** The key's hash, or for an unordered message a hash of its id, spreading those over all shards. */
    static int hash(@Nullable String key, UUID messageId) {
        return KeyHash.of(key != null ? key : messageId.toString());
    }
}
