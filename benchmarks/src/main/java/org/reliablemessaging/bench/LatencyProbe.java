package org.reliablemessaging.bench;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One latency run's handled count and latencies, end to end and per stage. */
final class LatencyProbe {

    final long run;

    final Latency latency = new Latency();

    final AtomicLong handled = new AtomicLong();

    private final Latency toCommit = new Latency();

    private final Latency toConsumer = new Latency();

    private final Latency inConsumer = new Latency();

    private final Map<Long, Long> committedAt = new ConcurrentHashMap<>();

    /** Wall-clock microseconds minus {@code System.nanoTime()} microseconds, to place {@code receivedAt}. */
    private final long wallOffsetMicros;

    LatencyProbe(long run) {
        this.run = run;
        Instant now = Instant.now();
        wallOffsetMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000 - System.nanoTime() / 1000;
    }

    void committed(long scheduledNanos, long nowNanos) {
        toCommit.recordNanos(nowNanos - scheduledNanos);
        committedAt.put(scheduledNanos, nowNanos);
    }

    void handled(LatencyScenario.Ping ping, Instant receivedAt, long nowNanos) {
        latency.recordNanos(nowNanos - ping.scheduledNanos());
        long receivedNanos = (receivedAt.getEpochSecond() * 1_000_000 + receivedAt.getNano() / 1000 - wallOffsetMicros)
                * 1000;
        // The publisher records its commit after publishOne returns, which may be after the handler ran.
        Long committed = committedAt.remove(ping.scheduledNanos());
        if (committed != null) {
            toConsumer.recordNanos(receivedNanos - committed);
        }
        inConsumer.recordNanos(nowNanos - receivedNanos);
        handled.incrementAndGet();
    }

    Stages stages(RelayBatchTimer.Delta batches) {
        return new Stages(toCommit.take(), toConsumer.take(), inConsumer.take(), batches);
    }
}
