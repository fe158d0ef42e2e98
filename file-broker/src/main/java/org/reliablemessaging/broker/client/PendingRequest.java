package org.reliablemessaging.broker.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.protocol.Frames;
import org.reliablemessaging.broker.protocol.Request;

/**
 * A request sent on a connection and waiting for its response, until {@code deadlineNanos} (on
 * {@link System#nanoTime()}'s clock).
 */
record PendingRequest<R extends @Nullable Object>(Request<R> request, CompletableFuture<R> future, Duration timeout,
        long deadlineNanos) {

    static <R extends @Nullable Object> PendingRequest<R> startingNow(Request<R> request, Duration timeout) {
        return new PendingRequest<>(request, new CompletableFuture<>(), timeout, System.nanoTime() + timeout.toNanos());
    }

    /** Completes the future with the response in {@code body}: its value, or the broker's error. */
    void complete(ByteBuffer body) {
        Frames.Response<R> response = Frames.decodeResponse(body, request);
        if (response.error() != null) {
            future.completeExceptionally(response.error().toException());
        }
        else {
            future.complete(response.value());
        }
    }

    /** Fails the future as unanswered if its deadline has passed at {@code nowNanos}. */
    void expireIfDue(long nowNanos, String broker) {
        if (nowNanos - deadlineNanos >= 0) {
            future.completeExceptionally(new BrokerUnavailableException("no response from the broker at " + broker
                    + " within " + timeout + " to " + request.type() + "; it may or may not have been carried out"));
        }
    }
}
