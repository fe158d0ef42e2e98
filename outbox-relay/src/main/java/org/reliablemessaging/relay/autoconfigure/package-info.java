/**
 * Auto-configuration of the in-process outbox relay, with its {@code reliable-messaging.relay.*} properties.
 */
@NullMarked
package org.reliablemessaging.relay.autoconfigure;

import org.jspecify.annotations.NullMarked;
