package org.reliablemessaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.reliablemessaging.spi.transport.MessageSender;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.transport.BatchOutcomes;
import org.reliablemessaging.transport.EarlyFailures;
import org.reliablemessaging.transport.SendDeadline;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Sends outbox messages to Kafka with an idempotent producer of its own: key = message key, value
 * = payload, every header of {@link OutboundMessage#allHeaders()} as a UTF-8 record header.
 *
 * <p>The whole batch is handed to the producer without waiting, so Kafka batches and pipelines it;
 * the outcomes are then collected, each message's from its own callback. Only a topic with
 * partitions not yet known to take writes is held back until they can (see {@link TopicReadiness}).
 */
public final class KafkaMessageSender implements MessageSender, AutoCloseable {

    private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

    private final TopicReadiness readiness;

    private final Duration sendTimeout;

    /**
     * Creates the producer at once, so that an invalid configuration fails start-up instead of
     * every send.
     * @param producerConfig the producer configuration, normally from {@link RelayProducerConfig}
     * @param sendTimeout how long a batch may wait for acknowledgements
     */
    public KafkaMessageSender(Map<String, Object> producerConfig, Duration sendTimeout) {
        // The factory's shared producer is replaced after errors that leave it unusable
        // (OutOfOrderSequenceException), which a bare KafkaProducer would not recover from.
        this.producerFactory = new DefaultKafkaProducerFactory<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer());
        this.sendTimeout = sendTimeout;
        // A topic's first messages may wait for its partitions as long as for its metadata.
        this.readiness = new TopicReadiness(producerConfig,
                Duration.ofMillis(RelayProducerConfig.numeric(producerConfig, ProducerConfig.MAX_BLOCK_MS_CONFIG)));
        try {
            producerFactory.createProducer();
        }
        catch (RuntimeException ex) {
            readiness.close();
            throw ex;
        }
    }

    @Override
    public CompletableFuture<List<SendOutcome>> send(List<OutboundMessage> batch) {
        SendDeadline deadline = SendDeadline.after(sendTimeout);
        List<CompletableFuture<SendOutcome>> outcomes = new ArrayList<>(batch.size());
        Producer<String, byte[]> producer;
        try {
            producer = producerFactory.createProducer();
        }
        catch (RuntimeException ex) {
            SendOutcome failed = SendOutcome.retryable(SendOutcome.errorText(ex));
            batch.forEach(message -> outcomes.add(CompletableFuture.completedFuture(failed)));
            return BatchOutcomes.await("Kafka", batch, outcomes, deadline);
        }
        // A topic found unable to take writes, before its first message (no metadata within
        // max.block.ms, partitions not ready) or by a send that fails before returning, would fail the
        // same way, after the same wait, for every further message of it.
        EarlyFailures earlyFailures = new EarlyFailures();
        Set<String> checkedTopics = new HashSet<>();
        for (OutboundMessage message : batch) {
            if (!deadline.expired() && checkedTopics.add(message.topic())) {
                readiness.await(producer, message.topic(), deadline)
                        .ifPresent(notReady -> earlyFailures.stopTopic(message.topic(), notReady));
            }
            Optional<SendOutcome> skipped = deadline.expired() ? Optional.of(deadline.notSent())
                    : earlyFailures.stopped(message);
            if (skipped.isPresent()) {
                outcomes.add(CompletableFuture.completedFuture(skipped.get()));
                continue;
            }
            CompletableFuture<SendOutcome> outcome = dispatch(producer, message);
            if (outcome.isDone()) {
                earlyFailures.record(message, outcome.join());
            }
            outcomes.add(outcome);
        }
        return BatchOutcomes.await("Kafka", batch, outcomes, deadline);
    }

    private static CompletableFuture<SendOutcome> dispatch(Producer<String, byte[]> producer, OutboundMessage message) {
        CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
        try {
            producer.send(record(message), (metadata, error) -> outcome
                    .complete(error == null ? SendOutcome.confirmed() : KafkaErrorClassifier.outcomeOf(error)));
        }
        catch (RuntimeException ex) {
            outcome.complete(KafkaErrorClassifier.outcomeOf(ex));
        }
        return outcome;
    }

    private static ProducerRecord<String, byte[]> record(OutboundMessage message) {
        RecordHeaders headers = new RecordHeaders();
        message.allHeaders().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        // No explicit timestamp: publishedAt can be long past after an outage, and time-based
        // retention would then delete the record at once; rm-published-at carries it instead.
        return new ProducerRecord<>(message.topic(), null, message.key(), message.payload(), headers);
    }

    /** Closes the producer, waiting for messages in flight. */
    @Override
    public void close() {
        try {
            readiness.close();
        }
        finally {
            producerFactory.destroy();
        }
    }
}
