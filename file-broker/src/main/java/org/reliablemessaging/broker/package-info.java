/**
 * The file-backed broker's API: a single-node message broker on a write-ahead log, used in the application's
 * JVM ({@link org.reliablemessaging.broker.embedded.FileBroker}) or over TCP from other processes.
 */
@NullMarked
package org.reliablemessaging.broker;

import org.jspecify.annotations.NullMarked;
