/**
 * Helpers shared inside the starter (payload JSON, message ids and type names, validation, retry backoff);
 * not an API.
 */
@NullMarked
package org.reliablemessaging.internal;

import org.jspecify.annotations.NullMarked;
