package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.reliablemessaging.relay.BatchSettlement.Dead;
import org.reliablemessaging.relay.BatchSettlement.KeyHold;
import org.reliablemessaging.relay.BatchSettlement.Retry;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Decides what becomes of each claimed row, keeping every key in order: once a row of a key fails,
 * is dead or has expired, the key's later rows in the batch are left pending, and the key is held
 * behind the earliest such row until it is sent.
 *
 * @param maxAttempts attempts before a message is dead
 * @param backoff wait between attempts
 * @param holdKeyAfterDead whether a dead row keeps holding its key
 */
record RelayPlanner(int maxAttempts, BackOff backoff, boolean holdKeyAfterDead) {

    RelayPlanner(RelaySettings.Retries retries) {
        this(retries.maxAttempts(), retries.backoff(), retries.holdKeyAfterDead());
    }

    /** The wait after the {@code failedAttempts}-th failed attempt (1 for the first), as a fresh execution has it. */
    private Duration delayAfter(int failedAttempts) {
        BackOffExecution execution = backoff.start();
        long delay = execution.nextBackOff();
        for (int attempt = 1; attempt < failedAttempts; attempt++) {
            delay = execution.nextBackOff();
        }
        return Duration.ofMillis(delay);
    }

    /** Starts planning a claimed batch: sorts out expired rows and what may be sent. */
    Plan plan(List<ClaimedMessage> claimed, Instant now) {
        return new Plan(claimed, now);
    }

    /** One batch being planned and settled; not thread-safe. */
    final class Plan {

        private final Instant now;

        private final List<ClaimedMessage> toSend = new ArrayList<>();

        /** Per key, the earliest row that stopped it: rows after it wait, rows before it go on. */
        private final Map<OrderingKey, Long> stoppedAt = new HashMap<>();

        private final List<Long> sent = new ArrayList<>();

        private final List<Retry> retries = new ArrayList<>();

        private final List<Dead> dead = new ArrayList<>();

        private final List<KeyHold> holds = new ArrayList<>();

        private final List<KeyHold> releases = new ArrayList<>();

        private Plan(List<ClaimedMessage> claimed, Instant now) {
            this.now = now;
            for (ClaimedMessage row : claimed) {
                if (isStopped(row)) {
                    continue;
                }
                if (row.isExpired(now)) {
                    die(row, row.attempts(), "expired at " + row.message().expiresAt());
                }
                else {
                    toSend.add(row);
                }
            }
        }

        /** The messages to hand to the sender, in outbox order. */
        List<OutboundMessage> messagesToSend() {
            return toSend.stream().map(ClaimedMessage::message).toList();
        }

        /**
         * Records the sender's outcomes, one per message of {@link #messagesToSend()}.
         * @param completedAt when the sender reported, from which retries are scheduled
         */
        BatchSettlement settle(List<SendOutcome> outcomes, Instant completedAt) {
            if (outcomes.size() != toSend.size()) {
                throw new IllegalStateException("The sender reported " + outcomes.size() + " outcomes for "
                        + toSend.size() + " messages");
            }
            for (int i = 0; i < toSend.size(); i++) {
                ClaimedMessage row = toSend.get(i);
                SendOutcome outcome = outcomes.get(i);
                if (outcome.status() == SendOutcome.Status.CONFIRMED) {
                    // Confirmed after an earlier failure of its key, it is on the broker all the same.
                    confirm(row);
                }
                else if (!isStopped(row)) {
                    fail(row, outcome, completedAt);
                }
            }
            return new BatchSettlement(sent, retries, dead, holds, releases);
        }

        private void confirm(ClaimedMessage row) {
            sent.add(row.outboxId());
            if (row.holdsKey() && !isStopped(row)) {
                releases.add(new KeyHold(heldKey(row), row.outboxId()));
            }
        }

        private void fail(ClaimedMessage row, SendOutcome outcome, Instant completedAt) {
            int attempts = row.attempts() + 1;
            String error = Objects.requireNonNull(outcome.error(), "a failed send says what went wrong");
            if (outcome.status() == SendOutcome.Status.PERMANENT) {
                die(row, attempts, error);
            }
            else if (attempts >= maxAttempts) {
                die(row, attempts, "gave up after " + attempts + " attempts: " + error);
            }
            else {
                retries.add(new Retry(row.outboxId(), attempts, completedAt.plus(delayAfter(attempts)), error));
                hold(row);
            }
        }

        private void die(ClaimedMessage row, int attempts, String reason) {
            dead.add(new Dead(row.outboxId(), attempts, reason));
            if (holdKeyAfterDead) {
                hold(row);
            }
            else if (row.holdsKey()) {
                releases.add(new KeyHold(heldKey(row), row.outboxId()));
            }
        }

        private static OrderingKey heldKey(ClaimedMessage row) {
            return Objects.requireNonNull(row.orderingKey(), "a row that holds its key has one");
        }

        private void hold(ClaimedMessage row) {
            OrderingKey key = row.orderingKey();
            if (key == null) {
                return;
            }
            stoppedAt.merge(key, row.outboxId(), Math::min);
            if (!row.holdsKey()) {
                holds.add(new KeyHold(key, row.outboxId()));
            }
        }

        private boolean isStopped(ClaimedMessage row) {
            OrderingKey key = row.orderingKey();
            Long stop = key == null ? null : stoppedAt.get(key);
            return stop != null && row.outboxId() > stop;
        }
    }
}
