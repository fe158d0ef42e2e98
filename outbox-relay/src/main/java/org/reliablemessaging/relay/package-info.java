/**
 * The outbox relay: moves committed outbox messages to the broker in batches, per key in order, over shard
 * leases kept in the outbox database, with its metrics, health and housekeeping. {@link OutboxRelay#create}
 * builds one; the rest of the engine is package-private.
 */
@NullMarked
package org.reliablemessaging.relay;

import org.jspecify.annotations.NullMarked;
