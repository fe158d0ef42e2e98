package org.reliablemessaging.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one batch at a time: claim, send, await the confirms, record the outcome. While a full
 * batch is at the broker, the next one is claimed, so the database read overlaps the broker's
 * round trip; it is sent only once the batch before it is settled, without the rows of keys that
 * batch did not get through. Used by one thread.
 */
final class BatchPipeline {

    private static final Logger log = LoggerFactory.getLogger(BatchPipeline.class);

    private final RelayOutboxStore store;

    private final MessageSender sender;

    private final RelayPlanner planner;

    private final RelaySettings settings;

    private final RelayMetrics metrics;

    private final Clock clock;

    private final String relayId;

    /** The next batch, claimed while the previous one was at the broker; {@code null} when none is ahead. */
    private @Nullable Ahead ahead;

    BatchPipeline(RelayOutboxStore store, MessageSender sender, RelayPlanner planner, RelaySettings settings,
            RelayMetrics metrics, Clock clock, String relayId) {
        this.store = store;
        this.sender = sender;
        this.planner = planner;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.relayId = relayId;
    }

    /**
     * Relays one batch of the given shards; when it is full, claims the next one meanwhile.
     * @return how many rows were claimed
     */
    int relay(Set<Integer> shards, int totalShards) throws InterruptedException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Ahead previous = ahead;
        ahead = null;
        List<ClaimedMessage> claimed = previous == null ? null : claimedAhead(previous, shards);
        if (claimed == null) {
            claimed = store.claim(shards, totalShards, now, settings.batchSize(), List.of());
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        List<ClaimedMessage> batch = previous == null ? claimed : previous.withoutUnsettledKeys(claimed);
        // Not after rows were held back: the claim ahead would leave them out as in flight and could
        // take later rows of their keys; a claim after this batch sees them first, in id order.
        // If anything below fails, a claim still running ahead is left to finish unread: it only reads.
        CompletableFuture<List<ClaimedMessage>> next = claimed.size() < settings.batchSize()
                || batch.size() < claimed.size() ? null : claimNext(shards, totalShards, claimed);
        RelayPlanner.Plan plan = planner.plan(batch, now);
        List<OutboundMessage> messages = plan.messagesToSend();
        List<SendOutcome> outcomes = messages.isEmpty() ? List.of() : send(messages);
        BatchSettlement settlement = plan.settle(outcomes, clock.instant());
        store.apply(settlement, clock.instant());
        metrics.batchCompleted(settlement.sent().size(), settlement.retries().size(), settlement.dead().size(),
                Duration.ofNanos(System.nanoTime() - started));
        logFailures(settlement);
        if (next != null) {
            ahead = new Ahead(shards, next, unsettledKeys(batch, settlement));
        }
        return claimed.size();
    }

    /** Claims the batch after {@code inFlight} on a thread of its own; its rows are not sent before those are settled. */
    private CompletableFuture<List<ClaimedMessage>> claimNext(Set<Integer> shards, int totalShards,
            List<ClaimedMessage> inFlight) {
        List<Long> exclude = inFlight.stream().map(ClaimedMessage::outboxId).toList();
        Instant now = clock.instant();
        return CompletableFuture.supplyAsync(() -> store.claim(shards, totalShards, now, settings.batchSize(), exclude),
                runnable -> Thread.ofVirtual().name("rm-relay-claim").start(runnable));
    }

    /** The rows claimed ahead, or {@code null} if the shards changed since or the claim failed: then claim afresh. */
    private @Nullable List<ClaimedMessage> claimedAhead(Ahead previous, Set<Integer> shards) throws InterruptedException {
        if (!previous.shards().equals(shards)) {
            return null;
        }
        try {
            return previous.claim().get();
        }
        catch (ExecutionException ex) {
            log.warn("Outbox relay {} could not claim its next batch ahead; claiming it again: {}", relayId,
                    SendOutcome.errorText(Objects.requireNonNullElse(ex.getCause(), ex)));
            return null;
        }
    }

    private static Set<OrderingKey> unsettledKeys(List<ClaimedMessage> claimed, BatchSettlement settlement) {
        Set<Long> sent = new HashSet<>(settlement.sent());
        return claimed.stream()
            .filter(row -> !sent.contains(row.outboxId()))
            .map(ClaimedMessage::orderingKey)
            .filter(Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());
    }

    private List<SendOutcome> send(List<OutboundMessage> messages) throws InterruptedException {
        try {
            return sender.send(messages).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            // The transport broke its contract (report every message, never fail the future); treat
            // the batch as not confirmed, which at worst sends it twice.
            String error = "the transport did not report on the batch: " + SendOutcome.errorText(ex);
            log.warn("Outbox relay {}: {}", relayId, error, ex);
            return Collections.nCopies(messages.size(), SendOutcome.retryable(error));
        }
    }

    private void logFailures(BatchSettlement settlement) {
        settlement.dead().forEach(dead -> log.warn("Outbox message {} is dead after {} attempts: {}", dead.outboxId(),
                dead.attempts(), dead.reason()));
        if (!settlement.retries().isEmpty()) {
            BatchSettlement.Retry first = settlement.retries().get(0);
            log.info("{} outbox messages will be retried, e.g. {} (attempt {}) at {}: {}", settlement.retries().size(),
                    first.outboxId(), first.attempts(), first.availableAt(), first.error());
        }
    }

    /**
     * A batch claimed ahead of its turn, while the batch before it was at the broker.
     * @param shards the shards it was claimed for
     * @param unsettledKeys keys of the batch before it that were not sent: now held back or retried,
     *        which the claim could not see yet
     */
    private record Ahead(Set<Integer> shards, CompletableFuture<List<ClaimedMessage>> claim,
            Set<OrderingKey> unsettledKeys) {

        /** The rows that may go now; the others come back in a later claim, in id order. */
        List<ClaimedMessage> withoutUnsettledKeys(List<ClaimedMessage> rows) {
            return rows.stream()
                .filter(row -> row.orderingKey() == null || !unsettledKeys.contains(row.orderingKey()))
                .toList();
        }
    }
}
