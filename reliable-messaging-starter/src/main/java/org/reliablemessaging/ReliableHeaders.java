package org.reliablemessaging;

/**
 * Names of the headers every transport carries with a message; the {@code rm-} prefix is reserved.
 */
public final class ReliableHeaders {

    /** Prefix reserved for the product's own headers. */
    public static final String PREFIX = "rm-";

    /** The message id (a UUID), stable across redeliveries: the key of idempotent consumers. */
    public static final String ID = "rm-id";

    /** The logical type name of the payload. */
    public static final String TYPE = "rm-type";

    /** The ordering key, when the message has one. */
    public static final String KEY = "rm-key";

    /**
     * The per-key sequence number, assigned in the publishing transaction: increasing per key in
     * commit order, not contiguous. It goes up by one while the key is in use; a key first used, or
     * used again after the relay's {@code key-cleanup.idle} without messages, starts above its
     * topic's floor (at 1 on a topic that never had a key cleaned up).
     */
    public static final String SEQUENCE = "rm-seq";

    /** When the message was published, as ISO-8601. */
    public static final String PUBLISHED_AT = "rm-published-at";

    /**
     * When the message stops being worth handling, as ISO-8601; only on messages published with an
     * expiry. A listener dead-letters a message it receives after that instead of handling it.
     */
    public static final String EXPIRES_AT = "rm-expires-at";

    /** On a replayed dead letter: the id of the message it replays, which idempotency guards key on. */
    public static final String ORIGINAL_ID = "rm-original-id";

    private ReliableHeaders() {
    }
}
