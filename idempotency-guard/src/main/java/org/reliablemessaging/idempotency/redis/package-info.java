/**
 * The Redis idempotency guard on Redisson, with the epoch that tells it when Redis lost its markers.
 */
@NullMarked
package org.reliablemessaging.idempotency.redis;

import org.jspecify.annotations.NullMarked;
