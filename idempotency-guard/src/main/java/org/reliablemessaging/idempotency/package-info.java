/**
 * Idempotent-consumer guards that run a listener's handler at most once per message and consumer group, and
 * the exceptions they throw instead of running it.
 */
@NullMarked
package org.reliablemessaging.idempotency;

import org.jspecify.annotations.NullMarked;
