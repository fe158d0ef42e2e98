/**
 * The outbox's database side, shared by the product's modules: the outbox database with its tables, dialect
 * and schema, writing outbox rows in the caller's transaction, the dead-letter and held-key tables, and
 * retention.
 */
@NullMarked
package org.reliablemessaging.jdbc;

import org.jspecify.annotations.NullMarked;
