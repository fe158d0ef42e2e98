package org.reliablemessaging.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerUnavailableException;

/**
 * Whether the log's last write failed (a full disk, typically), and until when the writer refuses writes
 * without touching the disk, so that a full disk is retried with a growing pause instead of hammered.
 * Used by the writer thread; {@link #failure()} may be read by any thread.
 */
final class WriteBackoff {

    private static final System.Logger LOG = System.getLogger(WriteBackoff.class.getName());
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);

    private final Path directory;
    private volatile @Nullable BrokerUnavailableException failure;
    private Duration pause = FIRST_PAUSE;
    private long retryAtNanos;

    WriteBackoff(Path directory) {
        this.directory = directory;
    }

    /** Records that a batch could not be written and was rolled back; returns the error its writes get. */
    BrokerUnavailableException failed(IOException cause) {
        BrokerUnavailableException error = new BrokerUnavailableException("the broker could not write its log in "
                + directory + " (" + cause.getMessage() + ") and refuses writes until it can, while it keeps "
                + "serving reads: free space in " + directory + "; writes resume by themselves", cause);
        if (failure == null) {
            LOG.log(System.Logger.Level.ERROR, error.getMessage(), cause);
        }
        failure = error;
        retryAtNanos = System.nanoTime() + pause.toNanos();
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        return error;
    }

    /** Records that a batch was written, which ends a failure. */
    void succeeded() {
        if (failure != null) {
            LOG.log(System.Logger.Level.INFO, "the log in {0} is written again", directory);
            failure = null;
            pause = FIRST_PAUSE;
        }
    }

    /** The error for writes that arrive while the writer pauses after a failure, or {@code null} to try the disk. */
    @Nullable BrokerUnavailableException refusal() {
        BrokerUnavailableException current = failure;
        return current != null && System.nanoTime() - retryAtNanos < 0 ? current : null;
    }

    /** Why the last write failed, or {@code null} when it succeeded. */
    @Nullable BrokerUnavailableException failure() {
        return failure;
    }
}
