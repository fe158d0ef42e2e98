/**
 * The broker's storage, internal to the file broker: one write-ahead log of CRC-checked frames in
 * pre-allocated segments, written by a group-commit writer, indexed sparsely per partition,
 * checkpointed, recovered at start-up and trimmed by retention.
 */
@NullMarked
package org.reliablemessaging.broker.storage;

import org.jspecify.annotations.NullMarked;
