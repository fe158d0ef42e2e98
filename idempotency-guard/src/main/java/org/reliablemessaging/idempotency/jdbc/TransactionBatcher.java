package org.reliablemessaging.idempotency.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the guarded work of messages that are ready together in one transaction: their processed-message rows
 * are written in one JDBC batch, their handlers run one after the other, and one commit makes them all durable.
 * If a handler throws, the whole batch rolls back: that message's attempt fails with its exception and the
 * others are handed back to run alone, each in a transaction of its own, so only the failing one is retried.
 */
final class TransactionBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionBatcher.class);

    /** How a submitted message ended. */
    enum Outcome {
        /** Its handler ran and the batch committed. */
        RAN,
        /** It had been processed before: its handler did not run. */
        DUPLICATE,
        /** Its batch could not commit for another message's sake, or at all: it must run alone. */
        ALONE
    }

    /** The rows of a batch: inserts them and returns, per message, whether its row is new. */
    interface Rows {

        boolean[] insert(List<Request> requests);
    }

    /** A message waiting for its batch. */
    record Request(String group, String messageId, Runnable work, @Nullable Map<String, String> mdc,
            CompletableFuture<Outcome> result) {
    }

    private final GuardBatching settings;

    private final TransactionTemplate transaction;

    private final Rows rows;

    private final BlockingQueue<Request> queue;

    private final List<Thread> workers = new ArrayList<>();

    private volatile boolean closed;

    TransactionBatcher(GuardBatching settings, TransactionTemplate transaction, Rows rows) {
        this.settings = settings;
        this.transaction = transaction;
        this.rows = rows;
        // Callers block when it is full; listeners bound what they submit by their concurrency anyway.
        this.queue = new ArrayBlockingQueue<>(Math.max(64, settings.maxSize() * settings.threads() * 4));
        for (int i = 0; i < settings.threads(); i++) {
            workers.add(Thread.ofPlatform().daemon().name("rm-guard-batch-" + i).start(this::work));
        }
    }

    /**
     * Waits until the message's batch ended. A caller interrupted while its message still waits in the queue
     * takes it back and gets {@link Outcome#ALONE} with its interrupt flag set; once a batch holds it, the
     * caller waits for that batch, so that it never mistakes a committed message for an unprocessed one.
     */
    Outcome submit(String group, String messageId, Runnable work) {
        if (closed) {
            return Outcome.ALONE;
        }
        Request request = new Request(group, messageId, work, MDC.getCopyOfContextMap(), new CompletableFuture<>());
        boolean interrupted = false;
        try {
            try {
                queue.put(request);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return Outcome.ALONE;
            }
            if (closed && queue.remove(request)) {
                // Closed while it was put: no worker is left to take it.
                return Outcome.ALONE;
            }
            while (true) {
                try {
                    return request.result().get();
                }
                catch (InterruptedException ex) {
                    interrupted = true;
                    if (queue.remove(request)) {
                        return Outcome.ALONE;
                    }
                }
                catch (ExecutionException ex) {
                    Throwable failure = ex.getCause();
                    if (failure instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw (Error) failure;
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work() {
        while (!closed) {
            List<Request> batch = new ArrayList<>(settings.maxSize());
            try {
                batch.add(queue.take());
                queue.drainTo(batch, settings.maxSize() - 1);
                if (batch.size() < settings.maxSize() && settings.maxWait().isPositive()) {
                    fill(batch);
                }
            }
            catch (InterruptedException ex) {
                batch.forEach(request -> request.result().complete(Outcome.ALONE));
                return;
            }
            run(batch);
        }
    }

    private void fill(List<Request> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (batch.size() < settings.maxSize()) {
            long left = deadline - System.nanoTime();
            Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxSize() - batch.size());
        }
    }

    private void run(List<Request> batch) {
        Outcome[] outcomes = new Outcome[batch.size()];
        try {
            transaction.executeWithoutResult(status -> {
                boolean[] fresh = rows.insert(batch);
                for (int i = 0; i < batch.size(); i++) {
                    outcomes[i] = fresh[i] ? Outcome.RAN : Outcome.DUPLICATE;
                    if (fresh[i]) {
                        runWithItsLogContext(batch.get(i));
                    }
                }
            });
        }
        catch (HandlerFailed ex) {
            handBack(batch, ex.request, ex.failure);
            return;
        }
        catch (RuntimeException | Error ex) {
            // Nothing committed (the rows, a commit that failed, a connection that broke): each runs alone,
            // where the guard tells an outage of the database from a message's failure.
            log.debug("A batch of {} messages could not commit; each runs alone: {}", batch.size(), ex.toString());
            handBack(batch, null, null);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes[i]);
        }
    }

    /** After a rollback: the failed message's attempt fails with its handler's exception, the others run alone. */
    private static void handBack(List<Request> batch, @Nullable Request failed, @Nullable Throwable failure) {
        for (Request request : batch) {
            if (request == failed && failure != null) {
                request.result().completeExceptionally(failure);
            }
            else {
                request.result().complete(Outcome.ALONE);
            }
        }
    }

    /** Runs the handler with the log context of the listener thread that submitted it. */
    private static void runWithItsLogContext(Request request) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (request.mdc() != null) {
            MDC.setContextMap(request.mdc());
        }
        try {
            request.work().run();
        }
        catch (RuntimeException | Error ex) {
            throw new HandlerFailed(request, ex);
        }
        finally {
            if (previous != null) {
                MDC.setContextMap(previous);
            }
            else {
                MDC.clear();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(request -> request.result().complete(Outcome.ALONE));
    }

    /** A handler of the batch threw: the batch rolls back. */
    private static final class HandlerFailed extends RuntimeException {

        private final transient Request request;

        private final Throwable failure;

        HandlerFailed(Request request, Throwable failure) {
            super(null, null, false, false);
            this.request = request;
            this.failure = failure;
        }
    }
}
