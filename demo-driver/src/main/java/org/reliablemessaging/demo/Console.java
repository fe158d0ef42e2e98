package org.reliablemessaging.demo;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** The driver's progress lines: each step with the seconds since a start, details indented under it. */
final class Console {

    private final long startNanos = System.nanoTime();

    /** Prints a step, prefixed with the time since this console was made. */
    void step(String format, Object... arguments) {
        System.out.printf("%6s  %s%n", seconds(System.nanoTime() - startNanos), format.formatted(arguments));
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Seconds since the start, as a number. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void detail(String format, @Nullable Object... arguments) {
        System.out.printf("%6s    %s%n", "", format.formatted(arguments));
    }

    static String seconds(long nanos) {
        return "%.1fs".formatted(nanos / 1e9);
    }
}
