package org.reliablemessaging.broker.protocol;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The one writer of a connection: senders queue whole frames, and a virtual thread writes everything queued
 * so far with a single flush, so concurrent senders share system calls instead of queueing for a lock.
 *
 * <p>Frames go out in the order they were queued. The queue is bounded: a sender waits while it is full.
 */
public final class FrameWriter {

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final Runnable NOTHING = () -> {
    };
    /** Queued by {@link #close()} to wake a writer waiting for frames. */
    private static final Outgoing END = new Outgoing(new byte[0], NOTHING);

    private final BlockingQueue<Outgoing> queue;
    private final OutputStream out;
    private final Consumer<IOException> onFailure;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean ended;

    private FrameWriter(String name, OutputStream out, int capacity, Consumer<IOException> onFailure) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = new BufferedOutputStream(out, BUFFER_BYTES);
        this.onFailure = onFailure;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    /**
     * Starts writing to {@code out} (the socket's stream, which the caller closes).
     *
     * @param capacity frames queued at most before senders wait
     * @param onFailure called on the writer's thread when a write fails; the writer then ends, dropping what is queued
     */
    public static FrameWriter start(String name, OutputStream out, int capacity, Consumer<IOException> onFailure) {
        FrameWriter writer = new FrameWriter(name, out, capacity, onFailure);
        writer.thread.start();
        return writer;
    }

    /** Queues {@code frame}; see {@link #send(byte[], Runnable)}. */
    public boolean send(byte[] frame) {
        return send(frame, NOTHING);
    }

    /**
     * Queues {@code frame}, waiting while the queue is full.
     *
     * @param done runs once the frame is written, or dropped because the writer closed or failed
     * @return {@code false} if the frame was dropped at once: the writer is closed or failed, or the thread was
     *         interrupted while it waited (its interrupt status is kept)
     */
    public boolean send(byte[] frame, Runnable done) {
        if (closed) {
            done.run();
            return false;
        }
        try {
            queue.put(new Outgoing(frame, done));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            done.run();
            return false;
        }
        if (ended) {
            // the writer may have looked at its queue for the last time before this frame arrived
            dropQueued();
        }
        return true;
    }

    /** Takes no more frames; the writer writes those already queued, then ends. Does not wait. */
    public void close() {
        closed = true;
        // when the queue is full the writer is not waiting for a frame, and sees the flag after its next write
        queue.offer(END);
    }

    /** Waits up to {@code timeout} for the writer to end; returns whether it did. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    private void run() {
        List<Outgoing> batch = new ArrayList<>();
        try {
            while (!closed || !queue.isEmpty()) {
                batch.add(queue.take());
                queue.drainTo(batch);
                for (Outgoing outgoing : batch) {
                    out.write(outgoing.frame);
                }
                out.flush();
                finish(batch);
            }
        }
        catch (IOException ex) {
            onFailure.accept(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            onFailure.accept(new IOException("the connection's writer was interrupted", ex));
        }
        finally {
            closed = true;
            ended = true;
            finish(batch);
            dropQueued();
        }
    }

    private static void finish(List<Outgoing> batch) {
        batch.forEach(outgoing -> outgoing.done.run());
        batch.clear();
    }

    private void dropQueued() {
        for (Outgoing outgoing = queue.poll(); outgoing != null; outgoing = queue.poll()) {
            outgoing.done.run();
        }
    }

    /** A frame and what to do once it is written or dropped. */
    private record Outgoing(byte[] frame, Runnable done) {
    }
}
