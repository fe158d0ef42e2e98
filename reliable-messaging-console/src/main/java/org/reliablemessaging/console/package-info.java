/**
 * The operations API over the product's tables: dead letters, the outbox and relays, keys held back
 * by listeners, and the audit of every action. Its SQL is its own; what it needs of the starter goes
 * through {@link org.reliablemessaging.console.ConsoleDatabase}.
 */
@NullMarked
package org.reliablemessaging.console;

import org.jspecify.annotations.NullMarked;
