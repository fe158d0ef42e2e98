/**
 * Keys listeners hold back while they retry, across instances, and requests to dead-letter them.
 */
@NullMarked
package org.reliablemessaging.console.listener;

import org.jspecify.annotations.NullMarked;
