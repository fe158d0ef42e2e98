/**
 * The application's extension points: idempotency guards, dead-letter handlers, held keys, payload
 * serializers, outbox commit listeners and listener outcome listeners.
 */
@NullMarked
package org.reliablemessaging.spi;

import org.jspecify.annotations.NullMarked;
