/**
 * A transport that keeps topics in memory, for fast tests: partitions, per-partition order, consumer groups
 * with committed offsets, and redelivery of what was not acknowledged.
 */
@NullMarked
package org.reliablemessaging.test.memory;

import org.jspecify.annotations.NullMarked;
