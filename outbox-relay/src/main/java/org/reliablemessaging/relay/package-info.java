/**
 * The outbox relay: moves committed outbox messages to the broker in batches, per key in order, with its
 * metrics, health and housekeeping.
 */
@NullMarked
package org.reliablemessaging.relay;

import org.jspecify.annotations.NullMarked;
