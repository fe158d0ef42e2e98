package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.Durability;

/**
 * The one thread that writes the log, by group commit: it drains every pending request, writes their
 * frames, forces once (in sync mode), makes them visible to readers and then acknowledges them all.
 * The queue is bounded, so publishers faster than the disk wait instead of filling the heap.
 */
final class LogWriter implements Runnable {

    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());
    private static final int QUEUE_CAPACITY = 16_384;
    private static final int MAX_BATCH = 4_096;

    private final BlockingQueue<LogRequest> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final SegmentFrameWriter frames;
    private final LogState state;
    private final BatchPlanner planner;
    private final Durability durability;
    private final RetentionPolicy retention;
    private final ChangeSignal signal;
    private final WriteBackoff backoff;
    private volatile @Nullable BrokerUnavailableException failure;
    private volatile boolean stopped;
    private long lastForceNanos = System.nanoTime();
    private boolean unforced;

    LogWriter(SegmentFrameWriter frames, LogState state, BatchPlanner planner, Durability durability,
            RetentionPolicy retention, ChangeSignal signal) {
        this.frames = frames;
        this.state = state;
        this.planner = planner;
        this.durability = durability;
        this.retention = retention;
        this.signal = signal;
        this.backoff = new WriteBackoff(frames.directory());
    }

    /** Queues {@code request}, waiting while the queue is full; fails it at once when the writer failed or stopped. */
    void submit(LogRequest request) {
        BrokerUnavailableException rejection = rejection();
        // a failed writer still runs, refusing requests, until it is told to stop
        if (rejection != null && !(request instanceof LogRequest.Stop && failure != null && !stopped)) {
            request.future().completeExceptionally(rejection);
            return;
        }
        try {
            queue.put(request);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            request.future().completeExceptionally(
                    new BrokerUnavailableException("interrupted while waiting for room in the log's queue", ex));
            return;
        }
        if (stopped) {
            // the writer may have drained its queue for the last time before this request arrived
            failQueued();
        }
    }

    /** Why requests are refused, or {@code null} while the writer runs. */
    @Nullable BrokerUnavailableException failure() {
        return failure;
    }

    /** Why the last batch could not be written, or {@code null} when it was. */
    @Nullable BrokerUnavailableException writeFailure() {
        return backoff.failure();
    }

    @Override
    public void run() {
        List<LogRequest> batch = new ArrayList<>();
        try {
            while (!stopped) {
                LogRequest first = queue.poll(pollTimeoutNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    forceOnInterval();
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                process(batch);
            }
        }
        catch (InterruptedException ex) {
            LOG.log(System.Logger.Level.WARNING, "log writer interrupted; failing the requests still queued");
            stopped = true;
        }
        failQueued();
    }

    private void process(List<LogRequest> batch) {
        BrokerUnavailableException failed = failure;
        if (failed != null) {
            refuseAllButStops(batch, failed);
            return;
        }
        BrokerUnavailableException pausing = backoff.refusal();
        List<LogRequest> served = pausing == null ? batch
                : LogRequest.refuse(batch, pausing, LogRequest::writesNoFrame);
        LogPosition start = frames.position();
        boolean earlierUnforced = unforced;
        BatchPlanner.Plan plan = planner.plan(served, System.currentTimeMillis());
        List<LogPosition> positions;
        try {
            positions = frames.write(plan.frames());
            unforced |= !positions.isEmpty();
            // a checkpoint must never cover frames that a machine crash could still lose
            boolean checkpoint = served.stream().anyMatch(LogRequest.TakeCheckpoint.class::isInstance);
            if (unforced && (durability.mode() == Durability.Mode.SYNC || checkpoint)) {
                force();
            }
            else {
                forceIfDue();
            }
        }
        catch (IOException ex) {
            rollBack(served, start, ex, earlierUnforced);
            return;
        }
        if (!positions.isEmpty()) {
            backoff.succeeded();
        }
        state.durableEnd(frames.position());
        for (int i = 0; i < positions.size(); i++) {
            state.apply(plan.frames().get(i), positions.get(i));
        }
        plan.acknowledgements().forEach(Runnable::run);
        signal.signalAll();
        served.forEach(this::maintain);
    }

    /**
     * Undoes a batch that could not be written and refuses its writes, which may be retried; stops the log
     * instead when the undo fails or when a failed force may have lost writes acknowledged before.
     */
    private void rollBack(List<LogRequest> batch, LogPosition start, IOException cause, boolean earlierUnforced) {
        if (cause instanceof SegmentFrameWriter.ForceFailedException && earlierUnforced) {
            refuseAllButStops(batch, fail(cause));
            return;
        }
        try {
            frames.rollBack(start);
            unforced = false;
        }
        catch (IOException undo) {
            undo.addSuppressed(cause);
            refuseAllButStops(batch, fail(undo));
            return;
        }
        planner.resetTo(state);
        LogRequest.refuse(batch, backoff.failed(cause), LogRequest::writesNoFrame).forEach(this::maintain);
    }

    private void refuseAllButStops(List<LogRequest> batch, BrokerUnavailableException error) {
        LogRequest.refuse(batch, error, LogRequest.Stop.class::isInstance).forEach(this::maintain);
    }

    private void maintain(LogRequest request) {
        switch (request) {
            case LogRequest.TakeCheckpoint checkpoint -> checkpoint.future().complete(state.snapshot());
            case LogRequest.Retain retain -> retain.future().complete(deleteSegments(retain.beforeSegment()));
            case LogRequest.Stop stop -> {
                stopped = true;
                stop.future().complete(null);
            }
            default -> {
            }
        }
    }

    private int deleteSegments(long beforeSegment) {
        List<Long> doomed = retention.segmentsToDelete(frames.segments().all().keySet(), state.segments(),
                Math.min(beforeSegment, frames.activeSegment()), System.currentTimeMillis());
        if (doomed.isEmpty()) {
            return 0;
        }
        // readers must stop using the segments before they disappear
        state.dropSegmentsBefore(doomed.getLast() + 1);
        for (long segment : doomed) {
            try {
                frames.segments().delete(segment);
                LOG.log(System.Logger.Level.INFO, "retention deleted log segment {0}", Segment.fileName(segment));
            }
            catch (IOException ex) {
                LOG.log(System.Logger.Level.WARNING, "retention could not delete log segment "
                        + Segment.fileName(segment) + "; delete it by hand once the broker is stopped", ex);
            }
        }
        return doomed.size();
    }

    private void forceOnInterval() {
        try {
            forceIfDue();
        }
        catch (IOException ex) {
            fail(ex);
        }
    }

    private void forceIfDue() throws IOException {
        if (unforced && durability.mode() == Durability.Mode.INTERVAL
                && System.nanoTime() - lastForceNanos >= durability.interval().toNanos()) {
            force();
        }
    }

    private void force() throws IOException {
        frames.force();
        lastForceNanos = System.nanoTime();
        unforced = false;
    }

    private long pollTimeoutNanos() {
        if (durability.mode() != Durability.Mode.INTERVAL || !unforced) {
            return TimeUnit.SECONDS.toNanos(1);
        }
        return Math.max(0, durability.interval().toNanos() - (System.nanoTime() - lastForceNanos));
    }

    private BrokerUnavailableException fail(IOException cause) {
        BrokerUnavailableException failed = new BrokerUnavailableException("the log in " + frames.directory()
                + " could not be written or forced to disk (" + cause.getMessage() + "); the broker refuses every "
                + "request until it is restarted, which recovers what was forced", cause);
        failure = failed;
        LOG.log(System.Logger.Level.ERROR, failed.getMessage(), cause);
        return failed;
    }

    private @Nullable BrokerUnavailableException rejection() {
        if (failure != null) {
            return failure;
        }
        return stopped ? new BrokerUnavailableException("the broker is closed") : null;
    }

    private void failQueued() {
        BrokerUnavailableException rejection = rejection();
        for (LogRequest request = queue.poll(); request != null; request = queue.poll()) {
            request.future().completeExceptionally(rejection);
        }
    }
}
