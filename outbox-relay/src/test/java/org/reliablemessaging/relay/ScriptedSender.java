package org.reliablemessaging.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.reliablemessaging.spi.MessageSender;
import org.reliablemessaging.spi.OutboundMessage;
import org.reliablemessaging.spi.SendOutcome;

/**
 * A transport for relay tests that records what it confirmed, in order, and fails messages as the
 * test scripts it: the relay's decisions are what is under test, against real databases.
 */
final class ScriptedSender implements MessageSender {

    private final List<OutboundMessage> confirmed = new CopyOnWriteArrayList<>();

    private final Map<String, Function<OutboundMessage, SendOutcome>> failures = new ConcurrentHashMap<>();

    private volatile boolean down;

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        List<SendOutcome> outcomes = new ArrayList<>(batch.size());
        for (OutboundMessage message : batch) {
            SendOutcome outcome = down ? SendOutcome.retryable("broker unreachable")
                    : failures.getOrDefault(String.valueOf(message.key()), m -> SendOutcome.confirmed()).apply(message);
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

    List<OutboundMessage> confirmed() {
        return List.copyOf(confirmed);
    }

    /** Payloads confirmed for one key, in confirmation order. */
    List<String> payloadsOf(String key) {
        return confirmed.stream().filter(m -> key.equals(m.key())).map(m -> new String(m.payload())).toList();
    }
}
