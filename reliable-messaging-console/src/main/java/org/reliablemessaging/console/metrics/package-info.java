/**
 * Gauges of dead letters, the outbox and held keys, read from the database at most once per refresh.
 */
@NullMarked
package org.reliablemessaging.console.metrics;

import org.jspecify.annotations.NullMarked;
