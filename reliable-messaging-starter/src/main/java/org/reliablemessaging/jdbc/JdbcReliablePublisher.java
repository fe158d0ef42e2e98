package org.reliablemessaging.jdbc;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.TransactionRequiredException;
import org.reliablemessaging.internal.MessageIds;
import org.reliablemessaging.internal.MessageValidator;
import org.reliablemessaging.observation.DefaultPublishObservationConvention;
import org.reliablemessaging.observation.PublishObservationContext;
import org.reliablemessaging.observation.PublishObservationConvention;
import org.reliablemessaging.spi.OutboxCommitListener;
import org.reliablemessaging.spi.PayloadSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The {@link ReliablePublisher} that writes to the outbox tables of a JDBC {@link DataSource}, in
 * the transaction the caller has open on it.
 */
public final class JdbcReliablePublisher implements ReliablePublisher {

    private static final Logger log = LoggerFactory.getLogger(JdbcReliablePublisher.class);

    private static final PublishObservationConvention DEFAULT_CONVENTION = new DefaultPublishObservationConvention();

    private final DataSource dataSource;

    private final JdbcOutboxWriter writer;

    private final PayloadSerializer serializer;

    private final MessageValidator validator;

    private final List<OutboxCommitListener> commitListeners;

    private final Clock clock;

    private final ObservationRegistry observations;

    private final @Nullable PublishObservationConvention observationConvention;

    /**
     * @param commitListeners told after each transaction that wrote outbox rows commits, e.g. a
     *        {@link PostgresCommitNotifier}
     * @param observations where each publish is observed; {@link ObservationRegistry#NOOP} for nowhere
     * @param observationConvention the convention replacing the default one, or {@code null}
     */
    public JdbcReliablePublisher(OutboxDatabase database, PayloadSerializer serializer, MessageValidator validator,
            List<OutboxCommitListener> commitListeners, Clock clock, ObservationRegistry observations,
            @Nullable PublishObservationConvention observationConvention) {
        this.dataSource = database.dataSource();
        this.writer = new JdbcOutboxWriter(database);
        this.serializer = serializer;
        this.validator = validator;
        this.commitListeners = List.copyOf(commitListeners);
        this.clock = clock;
        this.observations = observations;
        this.observationConvention = observationConvention;
    }

    @Override
    public UUID publish(Message message) {
        Instant now = clock.instant();
        validator.validate(message, now);
        requireTransactionOnDataSource(message.topic());
        String type = message.typeName();
        validator.validateType(message.topic(), type);
        // The carrier: a tracing handler adds the trace context to the headers that are stored.
        PublishObservationContext context = new PublishObservationContext(message.topic(), type,
                MessageIds.next(now), new LinkedHashMap<>(message.headers()));
        return Observation.createNotStarted(observationConvention, DEFAULT_CONVENTION, () -> context, observations)
            .observe(() -> write(message, context, now));
    }

    private UUID write(Message message, PublishObservationContext context, Instant now) {
        byte[] payload = serializer.serialize(
                Objects.requireNonNull(message.payload(), "a validated message has a payload"));
        validator.validatePayloadSize(message.topic(), payload.length);
        joinTransactionOnce();
        Instant deliverAt = message.availableAt(now);
        writer.write(new OutboxEntry(context.messageId(), message.topic(), message.key(), context.type(),
                context.headers(), payload, now, deliverAt.isAfter(now) ? deliverAt : null, message.expiresAt()));
        return context.messageId();
    }

    private void requireTransactionOnDataSource(String topic) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new TransactionRequiredException(topic);
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            throw new TransactionRequiredException(topic, "a transaction is active, but not on the DataSource that "
                    + "holds the outbox tables, so the outbox row would commit on its own");
        }
    }

    /** Once per transaction: registers the after-commit signal to the commit listeners. */
    private void joinTransactionOnce() {
        boolean registered = TransactionSynchronizationManager.getSynchronizations()
            .stream()
            .anyMatch(sync -> sync instanceof CommitSignal signal && signal.owner() == this);
        if (registered) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new CommitSignal(this));
    }

    private void outboxCommitted() {
        for (OutboxCommitListener listener : commitListeners) {
            try {
                listener.outboxCommitted();
            }
            catch (RuntimeException ex) {
                // The rows are committed; the relay's poll will find them even if this wake-up failed.
                log.warn("Outbox commit listener {} failed; the relay will pick the messages up on its next poll",
                        listener, ex);
            }
        }
    }

    private record CommitSignal(JdbcReliablePublisher owner) implements TransactionSynchronization {

        @Override
        public void afterCommit() {
            owner.outboxCommitted();
        }
    }
}
