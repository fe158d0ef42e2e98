/**
 * The outbox in the operations API: per-topic state, relays and leases, DEAD rows, replay of retained messages.
 */
@NullMarked
package org.reliablemessaging.console.outbox;

import org.jspecify.annotations.NullMarked;
