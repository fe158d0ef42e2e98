package org.reliablemessaging.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Pauses and polling waits that turn an interrupt or a timeout into a {@link DemoFailed}. */
final class Wait {

    private Wait() {
    }

    /** Sleeps; true, so that it can sit in a condition between two checks. */
    static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    /** Checks the condition every 200 ms until it holds, or fails after {@code timeout}. */
    static void until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new DemoFailed("gave up waiting after " + timeout.toSeconds() + "s");
            }
            pause(200);
        }
    }
}
