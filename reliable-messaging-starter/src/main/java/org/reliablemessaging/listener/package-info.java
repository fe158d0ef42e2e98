/**
 * The reliable-listener container: finds {@code @ReliableListener} methods, dispatches per key in order,
 * converts payloads, retries and dead-letters.
 */
@NullMarked
package org.reliablemessaging.listener;

import org.jspecify.annotations.NullMarked;
