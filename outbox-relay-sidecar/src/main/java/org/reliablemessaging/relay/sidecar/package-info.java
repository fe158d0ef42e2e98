/**
 * The relay as a process of its own (the sidecar), for applications that turn their in-process relay off.
 */
@NullMarked
package org.reliablemessaging.relay.sidecar;

import org.jspecify.annotations.NullMarked;
