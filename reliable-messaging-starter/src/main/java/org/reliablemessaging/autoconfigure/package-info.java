/**
 * Auto-configuration of the outbox, the transports, the reliable listeners and the dead letters, with their
 * {@code reliable-messaging.*} properties, mapped to the settings the other packages take.
 */
@NullMarked
package org.reliablemessaging.autoconfigure;

import org.jspecify.annotations.NullMarked;
