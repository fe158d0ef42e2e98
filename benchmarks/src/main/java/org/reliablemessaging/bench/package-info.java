/**
 * The benchmarks of {@code bin/bench}: the scenarios against peers and limits, the harness that measures them
 * and the report it writes.
 */
@NullMarked
package org.reliablemessaging.bench;

import org.jspecify.annotations.NullMarked;
