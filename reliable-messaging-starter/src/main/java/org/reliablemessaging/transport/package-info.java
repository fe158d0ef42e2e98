/**
 * Building blocks shared by the transports: batch outcomes and deadlines, and the per-partition progress of
 * consumers.
 */
@NullMarked
package org.reliablemessaging.transport;

import org.jspecify.annotations.NullMarked;
