/**
 * Auto-configuration of the outbox, the transports, the reliable listeners and the dead letters, with their
 * {@code reliable-messaging.*} properties.
 */
@NullMarked
package org.reliablemessaging.autoconfigure;

import org.jspecify.annotations.NullMarked;
