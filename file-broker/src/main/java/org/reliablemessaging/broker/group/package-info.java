/**
 * Consumer groups of the embedded broker, internal to the file broker: membership, deterministic
 * partition assignment and the revoke, release, assign handshake.
 */
@NullMarked
package org.reliablemessaging.broker.group;

import org.jspecify.annotations.NullMarked;
