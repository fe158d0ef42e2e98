package org.reliablemessaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.NonRetryableException;

class FailureDescriptionTests {

    @Test
    void namesTheErrorUnderItsWrappers() {
        IllegalArgumentException cause = new IllegalArgumentException("bad sku");
        Throwable wrapped = new ExecutionException(new InvocationTargetException(new RuntimeException(cause)));

        FailureDescription failure = FailureDescription.of(wrapped);

        assertThat(failure.errorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(failure.errorMessage()).isEqualTo("bad sku");
        assertThat(failure.stackExcerpt()).startsWith("java.util.concurrent.ExecutionException")
            .contains("Caused by: java.lang.reflect.InvocationTargetException")
            .contains("Caused by: java.lang.IllegalArgumentException: bad sku");
    }

    @Test
    void keepsAnErrorThatSaysSomethingOfItsOwn() {
        Throwable error = new IllegalStateException("could not reserve stock", new IllegalArgumentException("bad sku"));

        assertThat(FailureDescription.of(error).errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(FailureDescription.of(new NonRetryableException("negative quantity")).errorClass())
            .isEqualTo(NonRetryableException.class.getName());
        assertThat(FailureDescription.of(new NonRetryableException("unreadable", new IllegalStateException("eof")))
            .errorMessage()).isEqualTo("unreadable");
    }

    @Test
    void keepsTheFirstFramesOfEachErrorAndSurvivesCycles() {
        IllegalStateException first = deep(40, "first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        String excerpt = FailureDescription.of(second).stackExcerpt();

        assertThat(excerpt.lines().filter(line -> line.startsWith("\tat ")).count())
            .isEqualTo(2L * FailureDescription.FRAMES_PER_ERROR);
        assertThat(excerpt).contains("\t... ").hasSizeLessThanOrEqualTo(FailureDescription.MAX_EXCERPT_LENGTH);
    }

    @Test
    void truncatesWithoutSplittingASurrogatePairAndReplacesNul() {
        assertThat(FailureDescription.truncate("ab\uD83D\uDE00", 3)).isEqualTo("ab");
        assertThat(FailureDescription.truncate("a\0b", 10)).isEqualTo("a\uFFFDb");
        assertThat(FailureDescription.of(new IllegalStateException("x".repeat(5000))).errorMessage())
            .hasSize(FailureDescription.MAX_MESSAGE_LENGTH);
    }

    private static IllegalStateException deep(int depth, String message) {
        return depth == 0 ? new IllegalStateException(message) : deep(depth - 1, message);
    }
}
