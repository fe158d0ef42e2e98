/**
 * Auto-configuration of the JDBC and Redis idempotency guards and of what operators see of them, with their
 * {@code reliable-messaging.idempotency.*} properties.
 */
@NullMarked
package org.reliablemessaging.idempotency.autoconfigure;

import org.jspecify.annotations.NullMarked;
