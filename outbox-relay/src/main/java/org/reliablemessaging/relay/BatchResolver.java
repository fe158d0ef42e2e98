package org.reliablemessaging.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.relay.BatchResolution.Dead;
import org.reliablemessaging.relay.BatchResolution.KeyHold;
import org.reliablemessaging.relay.BatchResolution.Retry;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.reliablemessaging.spi.OutboundMessage;
import org.reliablemessaging.spi.SendOutcome;

/**
 * Decides what becomes of each claimed row, keeping every key in order: once a row of a key fails,
 * is dead or has expired, the key's later rows in the batch are left pending, and the key is held
 * behind that row until it is sent.
 *
 * @param maxAttempts attempts before a message is dead
 * @param backoff wait between attempts
 * @param holdKeyAfterDead whether a dead row keeps holding its key
 */
public record BatchResolver(int maxAttempts, RetryBackoff backoff, boolean holdKeyAfterDead) {

    public BatchResolver {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    /** Starts resolving a claimed batch: sorts out expired rows and what may be sent. */
    public Plan plan(List<ClaimedMessage> claimed, Instant now) {
        return new Plan(claimed, now);
    }

    /** One batch being resolved; not thread-safe. */
    public final class Plan {

        private final Instant now;

        private final List<ClaimedMessage> toSend = new ArrayList<>();

        private final Set<OrderingKey> stoppedKeys = new HashSet<>();

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
                    die(row, row.attempts(), "expired at " + row.expiresAt());
                }
                else {
                    toSend.add(row);
                }
            }
        }

        /** The messages to hand to the sender, in outbox order. */
        public List<OutboundMessage> messagesToSend() {
            return toSend.stream().map(ClaimedMessage::message).toList();
        }

        /** Records the sender's outcomes, one per message of {@link #messagesToSend()}. */
        public BatchResolution resolve(List<SendOutcome> outcomes) {
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
                    fail(row, outcome);
                }
            }
            return new BatchResolution(sent, retries, dead, holds, releases);
        }

        private void confirm(ClaimedMessage row) {
            sent.add(row.outboxId());
            if (row.holdsKey() && !isStopped(row)) {
                releases.add(new KeyHold(row.orderingKey(), row.outboxId()));
            }
        }

        private void fail(ClaimedMessage row, SendOutcome outcome) {
            int attempts = row.attempts() + 1;
            String error = outcome.error();
            if (outcome.status() == SendOutcome.Status.PERMANENT) {
                die(row, attempts, error);
            }
            else if (attempts >= maxAttempts) {
                die(row, attempts, "gave up after " + attempts + " attempts: " + error);
            }
            else {
                retries.add(new Retry(row.outboxId(), attempts, now.plus(backoff.delayAfter(attempts)), error));
                hold(row);
            }
        }

        private void die(ClaimedMessage row, int attempts, @Nullable String reason) {
            dead.add(new Dead(row.outboxId(), attempts, reason));
            if (holdKeyAfterDead) {
                hold(row);
            }
            else if (row.holdsKey()) {
                releases.add(new KeyHold(row.orderingKey(), row.outboxId()));
            }
        }

        private void hold(ClaimedMessage row) {
            OrderingKey key = row.orderingKey();
            if (key == null) {
                return;
            }
            stoppedKeys.add(key);
            if (!row.holdsKey()) {
                holds.add(new KeyHold(key, row.outboxId()));
            }
        }

        private boolean isStopped(ClaimedMessage row) {
            OrderingKey key = row.orderingKey();
            return key != null && stoppedKeys.contains(key);
        }
    }
}
