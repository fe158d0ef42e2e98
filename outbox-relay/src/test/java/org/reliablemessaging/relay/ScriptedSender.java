package org.reliablemessaging.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;

/**
 * A transport for relay tests that records what it confirmed, in order, and fails messages as the
 * test scripts it: the relay's decisions are what is under test, against real databases. Like a
 * real transport, it sends nothing more of a key in a batch once a message of that key failed.
 */
final class ScriptedSender implements MessageSender {

    private final List<OutboundMessage> confirmed = new CopyOnWriteArrayList<>();

    private final Map<String, Function<OutboundMessage, SendOutcome>> failures = new ConcurrentHashMap<>();

    private volatile boolean down;

    private volatile Duration nextBatchDelay = Duration.ZERO;

    private volatile Duration batchDelay = Duration.ZERO;

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        Duration delay = nextBatchDelay.isZero() ? batchDelay : nextBatchDelay;
        nextBatchDelay = Duration.ZERO;
        sleep(delay);
        List<SendOutcome> outcomes = new ArrayList<>(batch.size());
        Set<String> failedKeys = new HashSet<>();
        for (OutboundMessage message : batch) {
            String key = String.valueOf(message.key());
            SendOutcome outcome = down ? SendOutcome.retryable("broker unreachable")
                    : failedKeys.contains(key) ? SendOutcome.retryable("not sent after an earlier message of its key failed")
                    : failures.getOrDefault(key, m -> SendOutcome.confirmed()).apply(message);
            if (outcome.status() != SendOutcome.Status.CONFIRMED && message.key() != null) {
                failedKeys.add(key);
            }
            if (outcome.status() == SendOutcome.Status.CONFIRMED) {
                confirmed.add(message);
            }
            outcomes.add(outcome);
        }
        return CompletableFuture.completedFuture(outcomes);
    }

    /** Makes every message of {@code key} fail with what {@code outcome} returns. */
    void failKey(String key, Function<OutboundMessage, SendOutcome> outcome) {
        failures.put(key, outcome);
    }

    void healKey(String key) {
        failures.remove(key);
    }

    void setDown(boolean down) {
        this.down = down;
    }

    /** Makes the next batch take this long, as a slow broker would. */
    void delayNextBatch(Duration delay) {
        this.nextBatchDelay = delay;
    }

    /** Makes every batch take this long, until set back to zero. */
    void delayEveryBatch(Duration delay) {
        this.batchDelay = delay;
    }

    /** How many times a message was confirmed beyond its first time. */
    long duplicates() {
        return confirmed.size() - confirmed.stream().map(OutboundMessage::id).distinct().count();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    List<OutboundMessage> confirmed() {
        return List.copyOf(confirmed);
    }

    /** Payloads confirmed for one key, in confirmation order. */
    List<String> payloadsOf(String key) {
        return confirmed.stream().filter(m -> key.equals(m.key())).map(m -> new String(m.payload())).toList();
    }
}
