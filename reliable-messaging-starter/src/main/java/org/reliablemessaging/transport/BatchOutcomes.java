package org.reliablemessaging.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the per-message outcome futures of one batch into the single future a
 * {@link org.reliablemessaging.spi.transport.MessageSender} returns, bounded by the batch's deadline.
 */
public final class BatchOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BatchOutcomes.class);

    private BatchOutcomes() {
    }

    /**
     * Completes when every message has an outcome, counting those still open at the deadline as
     * {@link SendDeadline#unconfirmed() unconfirmed}, and logs the failures.
     *
     * <p>The result completes on the common pool, never on a client's I/O thread, so that what the
     * caller chains to it cannot stall the client.
     *
     * @param transport name of the transport, for the log
     * @param batch the messages, in batch order
     * @param outcomes one future per message, in batch order
     * @param deadline when unconfirmed messages stop being waited for
     */
    public static CompletableFuture<List<SendOutcome>> await(String transport, List<OutboundMessage> batch,
            List<CompletableFuture<SendOutcome>> outcomes, SendDeadline deadline) {
        long remainingNanos = deadline.remaining().toNanos();
        SendOutcome unconfirmed = deadline.unconfirmed();
        List<CompletableFuture<SendOutcome>> bounded = outcomes.stream()
                .map(outcome -> outcome.completeOnTimeout(unconfirmed, remainingNanos, TimeUnit.NANOSECONDS)
                        .handle((result, error) -> error == null ? result
                                : SendOutcome.retryable(SendOutcome.errorText(error))))
                .toList();
        return CompletableFuture.allOf(bounded.toArray(CompletableFuture[]::new)).thenApplyAsync(ignored -> {
            List<SendOutcome> results = bounded.stream().map(CompletableFuture::join).toList();
            logFailures(transport, batch, results);
            return results;
        });
    }

    private static void logFailures(String transport, List<OutboundMessage> batch, List<SendOutcome> outcomes) {
        int retryable = 0;
        int firstRetryable = -1;
        for (int i = 0; i < outcomes.size(); i++) {
            SendOutcome outcome = outcomes.get(i);
            OutboundMessage message = batch.get(i);
            if (outcome.status() == Status.PERMANENT) {
                log.warn("{} send failed permanently: messageId={} topic={} key={} error={}", transport, message.id(),
                        message.topic(), message.key(), outcome.error());
            }
            else if (outcome.status() == Status.RETRYABLE) {
                // One line per batch: when a broker is down every message fails the same way.
                retryable++;
                if (firstRetryable < 0) {
                    firstRetryable = i;
                }
            }
        }
        if (retryable > 0) {
            OutboundMessage first = batch.get(firstRetryable);
            log.warn("{} send not confirmed, to be retried: failed={} of batch={} firstMessageId={} topic={} "
                    + "error={}", transport, retryable, batch.size(), first.id(), first.topic(),
                    outcomes.get(firstRetryable).error());
        }
    }
}
