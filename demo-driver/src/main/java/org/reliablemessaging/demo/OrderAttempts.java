package org.reliablemessaging.demo;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every order request sent during a fault-injection run (the customers' and the probes'): when it went out,
 * how long its answer took and what it was, to tell what a user saw while a fault lasted.
 */
final class OrderAttempts {

    /** How an order request ended. */
    enum Outcome {
        /** The order service took the order. */
        TAKEN,
        /** It answered 5xx: nothing was done. */
        REFUSED,
        /** No answer: nothing listened, or the connection broke or timed out after the request went out. */
        UNANSWERED
    }

    private record Attempt(long sentNanos, long tookNanos, Outcome outcome) {
    }

    /**
     * The order requests sent while a fault lasted, as their users saw them: how many, how each ended, and the
     * median and the longest wait for an answer, in seconds to a tenth.
     */
    record UserView(int requests, int taken, int refused, int unanswered, double median, double slowest) {
    }

    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();

    /** Records a request sent at {@code sentNanos} ({@link System#nanoTime()}) that ended now. */
    void record(long sentNanos, Outcome outcome) {
        attempts.add(new Attempt(sentNanos, System.nanoTime() - sentNanos, outcome));
    }

    /** The requests sent from {@code fromNanos} until {@code toNanos} that have ended. */
    UserView sentBetween(long fromNanos, long toNanos) {
        List<Attempt> sent = attempts.stream()
            .filter(attempt -> attempt.sentNanos() >= fromNanos && attempt.sentNanos() < toNanos)
            .toList();
        List<Long> waits = sent.stream().map(Attempt::tookNanos).sorted().toList();
        return new UserView(sent.size(), count(sent, Outcome.TAKEN), count(sent, Outcome.REFUSED),
                count(sent, Outcome.UNANSWERED), waits.isEmpty() ? 0 : tenths(waits.get(waits.size() / 2)),
                waits.isEmpty() ? 0 : tenths(waits.get(waits.size() - 1)));
    }

    private static int count(List<Attempt> attempts, Outcome outcome) {
        return (int) attempts.stream().filter(attempt -> attempt.outcome() == outcome).count();
    }

    private static double tenths(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }
}
