package org.reliablemessaging.broker;

import java.util.Objects;

/**
 * Whether a broker serves requests, for health checks.
 *
 * @param status what state it is in
 * @param detail why, when it does not serve; empty otherwise
 */
public record BrokerHealth(Status status, String detail) {

    public BrokerHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** The states of a broker. */
    public enum Status {
        /** Serving requests. */
        RUNNING,
        /**
         * Its last write failed (a full disk, say): it refuses writes and serves reads, and takes writes again by
         * itself once one succeeds.
         */
        WRITES_FAILING,
        /** Its log could not be written or forced; it refuses requests until restarted. */
        FAILED,
        /** A broker in another process that cannot be reached now; requests are tried again on a new connection. */
        UNREACHABLE,
        /** Closed. */
        CLOSED
    }
}
