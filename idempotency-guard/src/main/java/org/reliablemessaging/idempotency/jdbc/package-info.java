/**
 * The JDBC idempotency guard, a processed-message row in the handler's own transaction, and the JDBC store of
 * the Redis guard's epoch.
 */
@NullMarked
package org.reliablemessaging.idempotency.jdbc;

import org.jspecify.annotations.NullMarked;
