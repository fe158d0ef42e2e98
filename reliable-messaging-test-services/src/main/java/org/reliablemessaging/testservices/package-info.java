/**
 * Test support: the real databases, brokers and Redis of the integration tests, local or in containers, with
 * names no other test uses.
 */
@NullMarked
package org.reliablemessaging.testservices;

import org.jspecify.annotations.NullMarked;
