package org.reliablemessaging.broker.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.protocol.ErrorCode;

/**
 * A {@link RemoteBroker} caller's future for one value of a response, which the client's callback thread
 * completes, so that stages chained to it never run on the thread reading the connection.
 *
 * <p>A thread that waits for it ({@code join}, {@code get}) waits for the response itself and completes the
 * future on its own, without waiting for the callback thread: a synchronous sender wakes as soon as its
 * response is read. Stages chained to the future then may run on that waiting thread instead of the callback
 * thread; either way, on no thread of the connection.
 */
final class CallerFuture<S extends @Nullable Object, T extends @Nullable Object> extends CompletableFuture<T> {

    private final CompletableFuture<S> response;
    private final Function<? super S, ? extends T> value;

    /**
     * @param response completes, on the connection's reader, with the response
     * @param value this future's value in the response; may throw the caller's exception for an error in it
     */
    CallerFuture(CompletableFuture<S> response, Function<? super S, ? extends T> value) {
        this.response = response;
        this.value = value;
    }

    /** Completes this future from the response, which must be complete; does nothing when it is done already. */
    void settle() {
        if (isDone()) {
            return;
        }
        try {
            complete(value.apply(response.join()));
        }
        catch (RuntimeException ex) {
            completeExceptionally(ErrorCode.unwrap(ex));
        }
    }

    // A waiter waits for the response, not for this future: one that someone else completes or cancels early
    // still returns only when the response is in, which the request timeout bounds. A failed response reaches
    // the waiter through this future, once settled.

    @Override
    public T join() {
        if (!isDone()) {
            responseSettled().join();
            settle();
        }
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone()) {
            responseSettled().get();
            settle();
        }
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone()) {
            responseSettled().get(timeout, unit);
            settle();
        }
        return super.get();
    }

    /** Completes normally when the response completes in any way. */
    private CompletableFuture<@Nullable Void> responseSettled() {
        return response.handle((value, failure) -> null);
    }
}
