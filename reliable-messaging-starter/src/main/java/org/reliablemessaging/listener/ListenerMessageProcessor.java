package org.reliablemessaging.listener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.spi.DeadLetterHandler;
import org.reliablemessaging.spi.FailedMessage;
import org.reliablemessaging.spi.HeldKeys;
import org.reliablemessaging.spi.HeldKeys.Hold;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.ListenerOutcome.Result;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Settles each message of one listener: converts it, runs the method behind the idempotency guard,
 * retries failures with exponential backoff and jitter, and dead-letters what is non-retryable,
 * out of attempts or expired.
 */
final class ListenerMessageProcessor implements MessageProcessor {

    private static final Logger log = LoggerFactory.getLogger(ListenerMessageProcessor.class);

    /** From 500 ms up to 30 s, ±20%. */
    private static final BackOff DEAD_LETTER_BACKOFF = deadLetterBackOff();

    /** How often a retry wait looks for an operator's request to dead-letter the message instead. */
    static final Duration REQUEST_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final ListenerEndpoint endpoint;

    private final PayloadConverter converter;

    private final @Nullable IdempotencyGuard guard;

    private final DeadLetterHandler deadLetters;

    private final ListenerMetrics metrics;

    private final HandlerObservations observations;

    private final HeldKeys heldKeys;

    private final ListenerOutcomes outcomes;

    private final ListenerActivity activity = new ListenerActivity();

    private final Clock clock;

    ListenerMessageProcessor(ListenerEndpoint endpoint, PayloadConverter converter, @Nullable IdempotencyGuard guard,
            DeadLetterHandler deadLetters, ListenerMetrics metrics, HandlerObservations observations, HeldKeys heldKeys,
            ListenerOutcomes outcomes, Clock clock) {
        this.endpoint = endpoint;
        this.converter = converter;
        this.guard = guard;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.observations = observations;
        this.heldKeys = heldKeys;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void process(InboundMessage message, Semaphore permits) throws InterruptedException {
        metrics.received();
        putContext(message);
        try {
            settle(message, permits);
        }
        finally {
            MDC.remove("rm.messageId");
            MDC.remove("rm.key");
            MDC.remove("rm.topic");
            MDC.remove("rm.group");
        }
    }

    private void settle(InboundMessage message, Semaphore permits) throws InterruptedException {
        Hold[] hold = new Hold[1];
        boolean[] wasDeferred = new boolean[1];
        try {
            settle(message, permits, hold, wasDeferred);
        }
        finally {
            if (hold[0] != null) {
                heldKeys.release(hold[0]);
            }
            if (wasDeferred[0]) {
                activity.deferralEnded();
            }
        }
    }

    /** What this listener's messages wait for now. */
    ListenerActivity.Snapshot activity() {
        return activity.snapshot();
    }

    /**
     * Leaves in {@code hold} the record of its key held back, once a retry recorded one, and in
     * {@code wasDeferred} whether the message was ever deferred.
     */
    private void settle(InboundMessage message, Semaphore permits, @Nullable Hold[] hold, boolean[] wasDeferred)
            throws InterruptedException {
        Instant firstFailure = null;
        Throwable failure = null;
        int attempt = 0;
        int deferrals = 0;
        // The payload once converted, for the outcome: a message that cannot be converted has none.
        @Nullable Object[] payload = new Object[1];
        BackOffExecution retries = endpoint.backoff().start();
        while (attempt < endpoint.maxAttempts()) {
            try {
                refuseIfExpired(message);
            }
            catch (NonRetryableException ex) {
                // Checked before every attempt, as it can expire while retried; no attempt is counted.
                failure = ex;
                firstFailure = firstFailure == null ? clock.instant() : firstFailure;
                break;
            }
            attempt++;
            permits.acquire();
            long started = System.nanoTime();
            int current = attempt;
            try {
                boolean ran = observations.observe(endpoint.group(), message, current,
                        () -> handle(message, current, payload));
                metrics.handled(Duration.ofNanos(System.nanoTime() - started));
                outcomes.settled(endpoint.group(), message, ran ? Result.HANDLED : Result.DUPLICATE, payload[0], null,
                        current);
                return;
            }
            catch (Exception ex) {
                failure = ex;
            }
            finally {
                permits.release();
            }
            if (failure instanceof MessageDeferredException deferred) {
                // Not this message's fault (in progress elsewhere): wait it out without using an attempt.
                attempt--;
                // Once per message at INFO: a guard holding every message for minutes would flood the log.
                if (deferrals++ == 0) {
                    wasDeferred[0] = true;
                    activity.deferralStarted(clock.instant(), String.valueOf(deferred.getMessage()));
                    log.info("Message {} is deferred, for {} at a time: {}", message.messageId(), deferred.retryAfter(),
                            deferred.getMessage());
                }
                else {
                    log.debug("Message {} is deferred again ({} times) for {}", message.messageId(), deferrals,
                            deferred.retryAfter());
                }
                Thread.sleep(deferred.retryAfter());
                continue;
            }
            firstFailure = firstFailure == null ? clock.instant() : firstFailure;
            if (failure instanceof NonRetryableException || endpoint.isNonRetryable(failure)) {
                break;
            }
            if (attempt < endpoint.maxAttempts()) {
                metrics.retried();
                Duration wait = Duration.ofMillis(retries.nextBackOff());
                log.info("Message {} failed attempt {} of {}; retrying its key in {}: {}", message.messageId(), attempt,
                        endpoint.maxAttempts(), wait, failure.toString());
                hold[0] = heldKeys.hold(endpoint.group(), message, attempt, clock.instant().plus(wait), failure, hold[0]);
                String request;
                activity.retryStarted();
                try {
                    request = awaitRetry(wait, hold[0]);
                }
                finally {
                    activity.retryEnded();
                }
                if (request != null) {
                    // The letter keeps the failure that held the key, as the cause of the operator's decision.
                    failure = new NonRetryableException(request, failure);
                    break;
                }
            }
        }
        // maxAttempts is at least 1, so the loop ends only after a failure
        deadLetter(message, Objects.requireNonNull(failure, "failure"), attempt,
                Objects.requireNonNull(firstFailure, "firstFailure"), payload[0]);
    }

    /**
     * Waits until the next attempt is due, looking every {@link #REQUEST_CHECK_INTERVAL} for an
     * operator's request to dead-letter the message now.
     * @return the request, {@code null} when the wait ran out without one
     */
    private @Nullable String awaitRetry(Duration wait, @Nullable Hold hold) throws InterruptedException {
        if (hold == null) {
            Thread.sleep(wait);
            return null;
        }
        long end = System.nanoTime() + wait.toNanos();
        for (long left = wait.toNanos(); left > 0; left = end - System.nanoTime()) {
            Thread.sleep(Duration.ofNanos(Math.min(left, REQUEST_CHECK_INTERVAL.toNanos())));
            String request = heldKeys.deadLetterRequest(hold);
            if (request != null) {
                return request;
            }
        }
        return null;
    }

    /**
     * Refuses a message whose {@code rm-expires-at} has passed on the listener's clock, unless the
     * listener handles expired messages.
     * @throws MessageExpiredException if it has expired
     * @throws UnconvertibleMessageException if its {@code rm-expires-at} is not an ISO-8601 instant
     */
    private void refuseIfExpired(InboundMessage message) {
        if (!endpoint.deadLetterExpired()) {
            return;
        }
        Instant expiresAt = ReceivedHeaders.expiresAt(message);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new MessageExpiredException(expiresAt, message.receivedAt(), now);
        }
    }

    /**
     * Returns whether the handler ran: false for a duplicate the guard skipped.
     * @param converted where the converted payload is left
     */
    private boolean handle(InboundMessage message, int attempt, @Nullable Object[] converted) throws Exception {
        if (message.deadLetterReason() != null) {
            throw new UnconvertibleMessageException(message.deadLetterReason());
        }
        long sequence = ReceivedHeaders.sequence(message);
        Object payload = converter.convert(message);
        converted[0] = payload;
        String messageId = messageIdOf(message);
        MessageContext context = new MessageContext(messageId, message.topic(), message.key(), sequence,
                String.valueOf(message.type()), message.headers(), attempt, message.receivedAt());
        Runnable work = observations.carried(() -> invoke(payload, context));
        if (guard == null) {
            work.run();
            return true;
        }
        if (guard.runOnce(endpoint.group(), messageId, work)) {
            return true;
        }
        metrics.duplicate();
        log.debug("Message {} was already processed by group {}; skipped", messageId, endpoint.group());
        return false;
    }

    private void invoke(Object payload, MessageContext context) {
        try {
            endpoint.invoke(payload, context);
        }
        catch (RuntimeException | Error ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new ListenerFailedException(endpoint, ex);
        }
    }

    private String messageIdOf(InboundMessage message) {
        // A replayed dead letter carries its original id, so a guard sees it as the same message.
        String original = message.headers().get(ReliableHeaders.ORIGINAL_ID);
        String id = original != null ? original : message.messageId();
        if (id == null && guard != null) {
            throw new NonRetryableException("no rm-id header, so an idempotent listener cannot tell duplicates apart");
        }
        return id == null ? "unidentified" : id;
    }

    /**
     * Stores the dead letter, trying again until it is stored: the message may be acknowledged only
     * then, and its key must not move on before it, whatever keeps the store away (a database down,
     * a full pool). Only stopping the listener ends the wait, and the message is then redelivered.
     */
    private void deadLetter(InboundMessage message, Throwable failure, int attempts, Instant firstFailure,
            @Nullable Object payload) throws InterruptedException {
        Throwable cause = failure instanceof ListenerFailedException wrapped
                ? Objects.requireNonNull(wrapped.getCause(), "a ListenerFailedException always has a cause") : failure;
        FailedMessage failed = new FailedMessage(endpoint.group(), message, cause, attempts, firstFailure, clock.instant());
        BackOffExecution waits = DEAD_LETTER_BACKOFF.start();
        for (int tries = 1;; tries++) {
            try {
                deadLetters.deadLetter(failed);
                break;
            }
            catch (RuntimeException ex) {
                Duration wait = Duration.ofMillis(waits.nextBackOff());
                log.warn("Dead letter of message {} could not be stored (try {}); its key waits {} and tries again: {}",
                        message.messageId(), tries, wait, ex.toString());
                Thread.sleep(wait);
            }
        }
        metrics.deadLettered();
        outcomes.settled(endpoint.group(), message, Result.DEAD_LETTERED, payload, cause, attempts);
        log.warn("Message {} of key {} dead-lettered for group {} after {} attempt(s): {}", message.messageId(),
                message.key(), endpoint.group(), attempts, cause.toString());
    }

    private static BackOff deadLetterBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(Duration.ofSeconds(30).toMillis());
        backOff.setJitter(100);
        return backOff;
    }

    private void putContext(InboundMessage message) {
        MDC.put("rm.messageId", String.valueOf(message.messageId()));
        MDC.put("rm.key", String.valueOf(message.key()));
        MDC.put("rm.topic", message.topic());
        MDC.put("rm.group", endpoint.group());
    }
}
