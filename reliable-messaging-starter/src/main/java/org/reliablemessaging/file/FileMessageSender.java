package org.reliablemessaging.file;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.transport.BatchOutcomes;
import org.reliablemessaging.transport.EarlyFailures;
import org.reliablemessaging.transport.SendDeadline;

/**
 * Sends outbox messages to the file broker, embedded or over TCP; a message is confirmed once the
 * broker stored it as durably as its durability mode promises ({@code sync}: forced to disk).
 *
 * <p>The whole batch is handed to the broker without waiting, which stores one partition's records
 * in the order they were handed over, so a key's messages keep their order.
 */
public final class FileMessageSender implements MessageSender {

    private static final String TRANSPORT = "File broker";

    private final BrokerClient broker;

    private final Duration sendTimeout;

    /**
     * A sender over {@code broker}, which it does not close.
     * @param sendTimeout how long a batch may wait for the broker's acknowledgements
     */
    public FileMessageSender(BrokerClient broker, Duration sendTimeout) {
        this.broker = broker;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        SendDeadline deadline = SendDeadline.after(sendTimeout);
        EarlyFailures earlyFailures = new EarlyFailures();
        List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>(batch.size());
        for (OutboundMessage message : batch) {
            Optional<SendOutcome> skipped = deadline.expired() ? Optional.of(deadline.notSent())
                    : earlyFailures.stopped(message);
            if (skipped.isPresent()) {
                outcomes.add(CompletableFuture.completedFuture(skipped.get()));
                continue;
            }
            CompletableFuture<SendOutcome> outcome = publish(message);
            if (outcome.isDone()) {
                earlyFailures.record(message, outcome.join());
            }
            outcomes.add(outcome);
        }
        return BatchOutcomes.await(TRANSPORT, batch, outcomes, deadline);
    }

    private CompletableFuture<SendOutcome> publish(OutboundMessage message) {
        // Stamped now, not with publishedAt: after an outage that can be long past, and retention by
        // age would delete the record at once; rm-published-at carries it instead.
        NewRecord record = new NewRecord(message.key(), message.allHeaders(), message.payload(), Instant.now());
        try {
            return broker.publish(message.topic(), record)
                    .handle((position, error) -> error == null ? SendOutcome.confirmed() : outcomeOf(error));
        }
        catch (RuntimeException ex) {
            return CompletableFuture.completedFuture(outcomeOf(ex));
        }
    }

    /**
     * Permanent only for what no retry can change (a record too large, a topic name the broker
     * refuses); anything else, an unknown error included, is retried rather than dead-lettered.
     */
    static SendOutcome outcomeOf(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RecordTooLargeException || cause instanceof IllegalArgumentException) {
            return SendOutcome.permanent(SendOutcome.errorText(cause));
        }
        return SendOutcome.retryable(SendOutcome.errorText(cause));
    }
}
