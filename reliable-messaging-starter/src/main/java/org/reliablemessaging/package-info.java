/**
 * The public API of Reliable Messaging: publishing through the transactional outbox, reliable listeners, and
 * dead letters.
 */
@NullMarked
package org.reliablemessaging;

import org.jspecify.annotations.NullMarked;
