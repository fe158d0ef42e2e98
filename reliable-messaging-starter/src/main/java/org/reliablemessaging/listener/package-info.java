/**
 * The reliable-listener container: finds {@code @ReliableListener} methods, dispatches per key in order,
 * converts payloads, retries and dead-letters (to a topic when there is no database), configured by
 * {@link org.reliablemessaging.listener.ListenerSettings}.
 */
@NullMarked
package org.reliablemessaging.listener;

import org.jspecify.annotations.NullMarked;
