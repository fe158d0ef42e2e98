/**
 * The application's extension points: idempotency guards, dead-letter handlers, held keys, payload
 * serializers and outbox commit listeners.
 */
@NullMarked
package org.reliablemessaging.spi;

import org.jspecify.annotations.NullMarked;
