/**
 * Auto-configuration of the in-process outbox relay.
 */
@NullMarked
package org.reliablemessaging.relay.autoconfigure;

import org.jspecify.annotations.NullMarked;
