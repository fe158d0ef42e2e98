/**
 * Building blocks shared by the transports: batch outcomes and deadlines, per-partition progress of
 * consumers, and dead letters on a topic.
 */
@NullMarked
package org.reliablemessaging.transport;

import org.jspecify.annotations.NullMarked;
