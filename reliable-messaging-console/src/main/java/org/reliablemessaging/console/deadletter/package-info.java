/**
 * Dead letters in the operations API: filters, failure groups, detail, and bulk actions in bounded batches.
 */
@NullMarked
package org.reliablemessaging.console.deadletter;

import org.jspecify.annotations.NullMarked;
