package org.reliablemessaging.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.internal.FailureDescription;

/** Letters with one cause share a fingerprint, whatever ids their messages carry. */
class FailureFingerprintTests {

    private static final String STACK = """
            java.util.concurrent.CompletionException: java.lang.IllegalStateException: no SKU 17
            \tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)
            Caused by: java.lang.IllegalStateException: no SKU 17
            \tat org.reliablemessaging.listener.Foo.bar(Foo.java:10)
            \tat org.springframework.aop.Proxy.invoke(Proxy.java:3)
            \tat com.acme.stock.StockService.reserve(StockService.java:42)
            \tat com.acme.stock.Listener.on(Listener.java:7)
            """;

    @Test
    void usesTheErrorClassAndItsFirstApplicationFrameWithoutTheLine() {
        FailureFingerprint fingerprint = FailureFingerprint.of("java.lang.IllegalStateException", "no SKU 17", STACK);

        assertThat(fingerprint.location()).isEqualTo("com.acme.stock.StockService.reserve");
        assertThat(fingerprint.fingerprint()).hasSize(16).matches("[0-9a-f]+");
        assertThat(FailureFingerprint.of("java.lang.IllegalStateException", "no SKU 99",
                STACK.replace("42", "43").replace("17", "99")).fingerprint()).isEqualTo(fingerprint.fingerprint());
        assertThat(FailureFingerprint.of("java.lang.IllegalArgumentException", "no SKU 17", STACK).fingerprint())
            .isNotEqualTo(fingerprint.fingerprint());
    }

    @Test
    void withoutAnApplicationFrameUsesTheMessageWithIdsAndNumbersReplaced() {
        String stack = "java.lang.IllegalStateException: x\n\tat java.base/java.lang.Thread.run(Thread.java:1)\n";
        FailureFingerprint first = FailureFingerprint.of("java.lang.IllegalStateException",
                "order 0195a1b2-89ab-7cde-8f01-23456789abcd of 12.50 EUR refused by node 3fa9c2d81e", stack);
        FailureFingerprint second = FailureFingerprint.of("java.lang.IllegalStateException",
                "order 0195a1b2-0000-7cde-8f01-23456789abcd of 3 EUR refused by node 77aa00bb11", stack);

        assertThat(first.location()).isNull();
        assertThat(first.message()).isEqualTo("order # of # EUR refused by node #");
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    }

    @Test
    void theSampleServicesAreApplicationCode() {
        FailureDescription failure = FailureDescription.of(new IllegalStateException("boom"));
        String stack = failure.stackExcerpt().replace("org.reliablemessaging.jdbc.FailureFingerprintTests",
                "org.reliablemessaging.sample.inventory.StockService");

        assertThat(FailureFingerprint.of(failure.errorClass(), failure.errorMessage(), stack).location())
            .isEqualTo("org.reliablemessaging.sample.inventory.StockService.theSampleServicesAreApplicationCode");
    }
}
