/**
 * The relay's database side: claiming and resolving outbox rows, shard leases, PostgreSQL commit
 * notifications and the cleaning of idle key rows.
 */
@NullMarked
package org.reliablemessaging.relay.jdbc;

import org.jspecify.annotations.NullMarked;
