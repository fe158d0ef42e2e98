package org.reliablemessaging.console.outbox;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The relays sharing the outbox, and the shards they lease.
 *
 * @param at the database's clock, which leases use
 * @param leaseTtl the lease time this application is configured with
 */
public record Relays(Instant at, String leaseTtl, List<Instance> instances, List<Shard> shards) {

    /**
     * A relay instance.
     *
     * @param lastRenewalAt its expiry minus the lease time
     * @param alive whether its membership has not expired
     * @param shards the shards it holds an unexpired lease on
     */
    public record Instance(String instanceId, Instant expiresAt, Instant lastRenewalAt, boolean alive,
            List<Integer> shards) {
    }

    /** A shard's lease. */
    public record Shard(int shard, @Nullable String owner, Instant expiresAt, boolean expired) {
    }
}
