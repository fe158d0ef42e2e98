/**
 * The audit of every action taken through the operations API: a table, and one log line each.
 */
@NullMarked
package org.reliablemessaging.console.audit;

import org.jspecify.annotations.NullMarked;
