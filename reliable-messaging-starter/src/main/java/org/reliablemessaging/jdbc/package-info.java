/**
 * The outbox's database side: writing outbox rows in the caller's transaction, the dead-letter table, the
 * schema and retention.
 */
@NullMarked
package org.reliablemessaging.jdbc;

import org.jspecify.annotations.NullMarked;
