package org.reliablemessaging.console.outbox;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What waits in the outbox for one topic.
 *
 * @param pending every {@code PENDING} row
 * @param delayed pending rows whose delivery time has not come (retries not counted)
 * @param retrying pending rows with a failed attempt
 * @param dead {@code DEAD} rows
 * @param oldestDueSince since when the most overdue pending row has been due, {@code null} when none is pending
 * @param oldestPendingAgeSeconds how long that is, 0 when none is due
 */
public record TopicState(String topic, long pending, long delayed, long retrying, long dead,
        @Nullable Instant oldestDueSince, double oldestPendingAgeSeconds) {
}
