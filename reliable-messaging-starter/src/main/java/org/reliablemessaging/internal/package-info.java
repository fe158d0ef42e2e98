/**
 * Helpers shared inside the starter (payload JSON, message ids, key hashes and type names, validation);
 * not an API.
 */
@NullMarked
package org.reliablemessaging.internal;

import org.jspecify.annotations.NullMarked;
