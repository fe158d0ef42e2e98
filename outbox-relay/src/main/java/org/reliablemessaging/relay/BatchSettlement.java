package org.reliablemessaging.relay;

import java.time.Instant;
import java.util.List;

import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;

/**
 * The database changes that end one relay batch, applied together in one transaction.
 *
 * @param sent rows the broker confirmed
 * @param retries rows to try again later
 * @param dead rows that will never be sent
 * @param holds keys to hold back behind a failed row
 * @param releases keys whose holding row has now been sent or, with hold-key-after-dead off, died
 */
record BatchSettlement(List<Long> sent, List<Retry> retries, List<Dead> dead, List<KeyHold> holds,
        List<KeyHold> releases) {

    BatchSettlement {
        sent = List.copyOf(sent);
        retries = List.copyOf(retries);
        dead = List.copyOf(dead);
        holds = List.copyOf(holds);
        releases = List.copyOf(releases);
    }

    /** Whether nothing needs to change. */
    boolean isEmpty() {
        return sent.isEmpty() && retries.isEmpty() && dead.isEmpty() && holds.isEmpty() && releases.isEmpty();
    }

    /** A row to send again at {@code availableAt}. */
    record Retry(long outboxId, int attempts, Instant availableAt, String error) {
    }

    /** A row that is dead, with the reason. */
    record Dead(long outboxId, int attempts, String reason) {
    }

    /** A key and the row that holds (or held) it. */
    record KeyHold(OrderingKey key, long outboxId) {
    }
}
