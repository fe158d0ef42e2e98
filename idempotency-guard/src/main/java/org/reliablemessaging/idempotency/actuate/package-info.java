/**
 * What operators see of the Redis guard through Actuator: its health and the endpoint that re-arms it.
 */
@NullMarked
package org.reliablemessaging.idempotency.actuate;

import org.jspecify.annotations.NullMarked;
