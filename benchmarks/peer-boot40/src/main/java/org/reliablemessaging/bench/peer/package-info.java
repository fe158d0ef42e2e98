/**
 * The relay peers (Namastack Outbox, Spring Modulith) on their own Spring Boot line, run by {@code bin/bench}
 * in a JVM of their own.
 */
@NullMarked
package org.reliablemessaging.bench.peer;

import org.jspecify.annotations.NullMarked;
