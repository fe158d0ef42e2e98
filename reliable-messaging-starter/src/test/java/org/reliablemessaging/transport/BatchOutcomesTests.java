package org.reliablemessaging.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.TransportTestMessages;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;

class BatchOutcomesTests {

    @Test
    void completesAtTheDeadlineWithUnconfirmedMessagesRetryableAndFailuresDescribed() throws Exception {
        List<OutboundMessage> batch = TransportTestMessages.keyedMessages("rm-outcomes", 3, 1);
        SendDeadline deadline = SendDeadline.after(Duration.ofMillis(300));
        long start = System.nanoTime();

        List<SendOutcome> outcomes = BatchOutcomes.await("Test", batch, List.of(
                CompletableFuture.completedFuture(SendOutcome.confirmed()),
                new CompletableFuture<>(),
                CompletableFuture.failedFuture(new IllegalStateException("boom"))), deadline)
                .get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertThat(outcomes).extracting(SendOutcome::status)
                .containsExactly(Status.CONFIRMED, Status.RETRYABLE, Status.RETRYABLE);
        assertThat(outcomes.get(1).error()).isEqualTo("no confirm within 300 ms");
        assertThat(outcomes.get(2).error()).isEqualTo("IllegalStateException: boom");
    }
}
