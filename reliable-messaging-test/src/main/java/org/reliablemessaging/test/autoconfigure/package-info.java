/**
 * Auto-configuration of the test harness (always, in a test with this module) and of the in-memory transport
 * (with {@link org.reliablemessaging.test.autoconfigure.AutoConfigureInMemoryTransport}).
 */
@NullMarked
package org.reliablemessaging.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
