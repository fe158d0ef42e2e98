package org.reliablemessaging.test;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Clears the {@link MessagingTestHarness} of a test's application context before each test method, so a test
 * sees only what happened in it (and whatever was still in flight from the one before).
 */
public final class HarnessResetListener implements TestExecutionListener, Ordered {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.getApplicationContext().getBeanProvider(MessagingTestHarness.class)
                    .ifAvailable(MessagingTestHarness::clear);
        }
    }

    @Override
    public int getOrder() {
        // After Spring's own listeners have prepared the context.
        return 10_000;
    }
}
