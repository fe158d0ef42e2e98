/**
 * For the tests of applications that use Reliable Messaging: {@link org.reliablemessaging.test.MessagingTestHarness}
 * records what the code under test published and what its listeners did, and waits for it without sleeps.
 */
@NullMarked
package org.reliablemessaging.test;

import org.jspecify.annotations.NullMarked;
