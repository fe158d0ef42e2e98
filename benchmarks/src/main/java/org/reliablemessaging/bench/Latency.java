package org.reliablemessaging.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** A thread-safe latency recorder in microseconds, up to an hour, 3 significant digits. */
final class Latency {

    private final Recorder recorder = new Recorder(3_600_000_000L, 3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(nanos / 1000, 3_600_000_000L)));
    }

    /** Everything recorded since the last call. */
    Histogram take() {
        return recorder.getIntervalHistogram();
    }

    /** Forgets what was recorded so far (the warm-up of a timed run). */
    void reset() {
        recorder.reset();
    }
}
