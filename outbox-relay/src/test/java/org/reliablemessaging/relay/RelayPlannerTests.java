package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.relay.BatchSettlement.KeyHold;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.springframework.util.backoff.BackOff;

import static org.assertj.core.api.Assertions.assertThat;

class RelayPlannerTests {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final BackOff backoff = RelayFixture.backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.0);

    private final RelayPlanner holding = new RelayPlanner(3, backoff, true);

    @Test
    void confirmedRowsAreSentAndAHolderReleasesItsKey() {
        var plan = holding.plan(List.of(row(1, "a", 0, null, true), row(2, "b", 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.confirmed(), SendOutcome.confirmed()), NOW);

        assertThat(settlement.sent()).containsExactly(1L, 2L);
        assertThat(settlement.releases()).containsExactly(new KeyHold(new OrderingKey("t", "a"), 1));
        assertThat(settlement.holds()).isEmpty();
    }

    @Test
    void aRetryableFailureHoldsItsKeyAndLeavesLaterRowsOfThatKeyUntouched() {
        var plan = holding.plan(List.of(row(1, "a", 0, null, false), row(2, "b", 0, null, false),
                row(3, "a", 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("broker down"),
                SendOutcome.confirmed(), SendOutcome.retryable("broker down")), NOW);

        assertThat(settlement.sent()).containsExactly(2L);
        assertThat(settlement.retries()).singleElement().satisfies(retry -> {
            assertThat(retry.outboxId()).isEqualTo(1);
            assertThat(retry.attempts()).isEqualTo(1);
            assertThat(retry.availableAt()).isEqualTo(NOW.plusSeconds(1));
        });
        assertThat(settlement.holds()).containsExactly(new KeyHold(new OrderingKey("t", "a"), 1));
        assertThat(settlement.dead()).isEmpty();
    }

    @Test
    void aRowConfirmedAfterAnEarlierFailureOfItsKeyIsStillSent() {
        var plan = holding.plan(List.of(row(1, "a", 0, null, false), row(2, "a", 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("nack"), SendOutcome.confirmed()), NOW);

        assertThat(settlement.sent()).containsExactly(2L);
        assertThat(settlement.retries()).extracting(BatchSettlement.Retry::outboxId).containsExactly(1L);
    }

    @Test
    void permanentFailuresAndExhaustedAttemptsAreDead() {
        var plan = holding.plan(List.of(row(1, "a", 0, null, false), row(2, "b", 2, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.permanent("too large"),
                SendOutcome.retryable("timeout")), NOW);

        assertThat(settlement.dead()).extracting(BatchSettlement.Dead::reason)
            .containsExactly("too large", "gave up after 3 attempts: timeout");
        assertThat(settlement.holds()).hasSize(2);
    }

    @Test
    void expiredRowsAreDeadWithoutBeingSentAndStopTheirKey() {
        var plan = holding.plan(List.of(row(1, "a", 0, NOW.minusSeconds(1), false), row(2, "a", 0, null, false),
                row(3, "b", 0, null, false)), NOW);

        assertThat(plan.messagesToSend()).extracting(OutboundMessage::key).containsExactly("b");
        BatchSettlement settlement = plan.settle(List.of(SendOutcome.confirmed()), NOW);
        assertThat(settlement.dead()).singleElement().satisfies(dead -> {
            assertThat(dead.outboxId()).isEqualTo(1);
            assertThat(dead.reason()).startsWith("expired");
        });
        assertThat(settlement.sent()).containsExactly(3L);
    }

    @Test
    void anExpiredLaterRowDoesNotCancelTheFailureOfAnEarlierOne() {
        var plan = holding.plan(List.of(row(10, "k", 0, null, false), row(11, "k", 0, NOW.minusSeconds(1), false),
                row(12, "k", 0, null, false)), NOW);

        assertThat(plan.messagesToSend()).hasSize(1);
        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("timeout")), NOW);

        assertThat(settlement.retries()).extracting(BatchSettlement.Retry::outboxId).containsExactly(10L);
        assertThat(settlement.dead()).extracting(BatchSettlement.Dead::outboxId).containsExactly(11L);
        assertThat(settlement.holds()).extracting(KeyHold::outboxId).containsExactly(11L, 10L);
    }

    @Test
    void retriesAreScheduledFromWhenTheSenderReported() {
        var plan = holding.plan(List.of(row(1, "a", 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("slow")), NOW.plusSeconds(30));

        assertThat(settlement.retries().get(0).availableAt()).isEqualTo(NOW.plusSeconds(31));
    }

    @Test
    void theWaitDoublesWithEachFailedAttemptUpToTheLongest() {
        var patient = new RelayPlanner(20, backoff, true);
        var plan = patient.plan(List.of(row(1, "a", 2, null, false), row(2, "b", 9, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("x"), SendOutcome.retryable("y")), NOW);

        assertThat(settlement.retries()).extracting(BatchSettlement.Retry::availableAt)
            .containsExactly(NOW.plusSeconds(4), NOW.plusSeconds(60));
    }

    @Test
    void withoutHoldingAfterDeadTheKeyGoesOn() {
        var continuing = new RelayPlanner(3, backoff, false);
        var plan = continuing.plan(List.of(row(1, "a", 0, NOW.minusSeconds(1), true), row(2, "a", 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.confirmed()), NOW);

        assertThat(settlement.sent()).containsExactly(2L);
        assertThat(settlement.releases()).containsExactly(new KeyHold(new OrderingKey("t", "a"), 1));
        assertThat(settlement.holds()).isEmpty();
    }

    @Test
    void unkeyedMessagesNeverHoldAnything() {
        var plan = holding.plan(List.of(row(1, null, 0, null, false), row(2, null, 0, null, false)), NOW);

        BatchSettlement settlement = plan.settle(List.of(SendOutcome.retryable("x"), SendOutcome.confirmed()), NOW);

        assertThat(settlement.sent()).containsExactly(2L);
        assertThat(settlement.holds()).isEmpty();
    }

    private static ClaimedMessage row(long id, @Nullable String key, int attempts, @Nullable Instant expiresAt,
            boolean holdsKey) {
        OutboundMessage message = new OutboundMessage(UUID.randomUUID(), "t", key, id, "T", Map.of(), new byte[0], NOW,
                expiresAt);
        return new ClaimedMessage(id, message, attempts, holdsKey);
    }
}
