/**
 * The client of a file broker in another process: one pipelined TCP connection, its requests and remote group
 * members.
 */
@NullMarked
package org.reliablemessaging.broker.client;

import org.jspecify.annotations.NullMarked;
