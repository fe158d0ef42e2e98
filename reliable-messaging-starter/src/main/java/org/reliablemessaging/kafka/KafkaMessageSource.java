package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.spi.transport.Acknowledgement;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Receives one consumer group's messages from Kafka through a spring-kafka listener container and
 * commits, per partition, only up to the first message the dispatcher has not acknowledged yet.
 *
 * <p>Acknowledgements may come from any thread and in any order; a message is committed only once
 * it and every earlier message of its partition are acknowledged, so a crash can only cause
 * redelivery, never loss.
 *
 * <p><b>Rebalances.</b> When partitions are revoked, the consumer thread waits up to
 * {@code revocationTimeout} for their messages in flight to be acknowledged, and the container then
 * commits what is contiguous. Messages still unacknowledged after that are abandoned: the partition's
 * next owner receives them again from the last commit, and their late acknowledgements here are
 * ignored, so they can never commit over the new owner's progress. Lost partitions (this consumer was
 * expelled from the group) are abandoned at once, as they can no longer be committed.
 *
 * <p><b>Stop.</b> {@link #stop()} stops fetching and delivering, waits up to {@code shutdownTimeout}
 * for messages in flight, commits what is contiguous and leaves the group; the rest is redelivered.
 * The source may be started again afterwards.
 */
public final class KafkaMessageSource implements MessageSource {

    /** Bounds how long acknowledged offsets wait for their commit, and a wake-up, while nothing arrives. */
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(KafkaMessageSource.class);

    private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

    private final ConsumerFactory<byte[], byte[]> consumerFactory;

    private final Subscription subscription;

    private final MessageDispatcher dispatcher;

    private final Duration revocationTimeout;

    private final Duration shutdownTimeout;

    private final PartitionAssignmentListener assignments;

    private final Object lifecycleLock = new Object();

    /** Guards {@link #receiving}, so that no record is tracked once stop() has begun to drain. */
    private final Object deliveryLock = new Object();

    /** Guards {@link #container} and {@link #paused}, so concurrent pause and resume end consistent. */
    private final Object pauseLock = new Object();

    private @Nullable KafkaMessageListenerContainer<byte[], byte[]> container;

    /** Those of the running container; a new set for each start, so nothing of an earlier run lingers. */
    private @Nullable KafkaRebalanceDrain inFlight;

    private boolean paused;

    private boolean receiving;

    /**
     * A source, not started yet.
     * @param revocationTimeout longest wait for the messages in flight of revoked partitions
     * @param shutdownTimeout longest wait for the messages in flight on {@link #stop()}
     * @param assignments told which partitions the consumer holds
     */
    public KafkaMessageSource(ConsumerFactory<byte[], byte[]> consumerFactory, Subscription subscription,
            MessageDispatcher dispatcher, Duration revocationTimeout, Duration shutdownTimeout,
            PartitionAssignmentListener assignments) {
        this.consumerFactory = consumerFactory;
        this.subscription = subscription;
        this.dispatcher = dispatcher;
        this.revocationTimeout = revocationTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.assignments = assignments;
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (container != null) {
                throw new IllegalStateException("Kafka source already started: group=" + subscription.group());
            }
            KafkaRebalanceDrain partitions = new KafkaRebalanceDrain(subscription.group(), revocationTimeout,
                    assignments);
            KafkaMessageListenerContainer<byte[], byte[]> started = new KafkaMessageListenerContainer<>(
                    consumerFactory, containerProperties(partitions));
            started.setBeanName("rm-" + subscription.group());
            inFlight = partitions;
            synchronized (deliveryLock) {
                receiving = true;
            }
            synchronized (pauseLock) {
                container = started;
                if (paused) {
                    started.pause();
                }
            }
            try {
                started.start();
            }
            catch (RuntimeException ex) {
                // Creating the consumer failed (e.g. bad configuration): leave the source startable again.
                synchronized (pauseLock) {
                    container = null;
                }
                throw ex;
            }
            log.info("Kafka source started: group={} topics={}", subscription.group(), subscription.topics());
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            KafkaMessageListenerContainer<byte[], byte[]> running = container;
            if (running == null) {
                return;
            }
            synchronized (pauseLock) {
                synchronized (deliveryLock) {
                    receiving = false;
                }
                running.pause();
            }
            Objects.requireNonNull(inFlight).drainAll(shutdownTimeout);
            // Commits what was acknowledged to the container on its way out, then leaves the group.
            running.stop();
            synchronized (pauseLock) {
                container = null;
            }
            log.info("Kafka source stopped: group={} topics={}", subscription.group(), subscription.topics());
        }
    }

    @Override
    public void pause() {
        synchronized (pauseLock) {
            paused = true;
            if (container != null) {
                container.pause();
            }
        }
    }

    @Override
    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            // While stopping, the container stays paused whatever the dispatcher asks.
            if (container != null && isReceiving()) {
                container.resume();
            }
        }
    }

    private boolean isReceiving() {
        synchronized (deliveryLock) {
            return receiving;
        }
    }

    private ContainerProperties containerProperties(KafkaRebalanceDrain partitions) {
        ContainerProperties properties = new ContainerProperties(subscription.topics().toArray(String[]::new));
        properties.setGroupId(subscription.group());
        // Unique in the JVM, or the consumers' metrics MBeans would collide.
        properties.setClientId("rm-" + subscription.group() + "-" + CLIENT_IDS.incrementAndGet());
        // Not asyncAcks: those pause the whole consumer until every record of the last poll is
        // acknowledged, so one slow key would hold up all others. PartitionProgress hands the container
        // only contiguous acknowledgements, which MANUAL commits with the next poll.
        properties.setAckMode(AckMode.MANUAL);
        properties.setPollTimeout(POLL_TIMEOUT.toMillis());
        properties.setConsumerRebalanceListener(partitions);
        properties.setMessageListener(
                (AcknowledgingMessageListener<byte[], byte[]>) (record, commit) -> onRecord(partitions, record, commit));
        Properties overrides = new Properties();
        overrides.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords()));
        properties.setKafkaConsumerProperties(overrides);
        return properties;
    }

    /** At most maxInFlight, since records already polled keep flowing after a pause. */
    private int maxPollRecords() {
        Object configured = consumerFactory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        int maxPollRecords = configured == null ? ConsumerConfig.DEFAULT_MAX_POLL_RECORDS
                : Integer.parseInt(configured.toString().trim());
        return Math.min(maxPollRecords, subscription.maxInFlight());
    }

    private void onRecord(KafkaRebalanceDrain partitions, ConsumerRecord<byte[], byte[]> record,
            @Nullable Acknowledgment commit) {
        Acknowledgement acknowledgement;
        synchronized (deliveryLock) {
            if (!receiving) {
                return; // stopping: left uncommitted, so it is delivered again
            }
            acknowledgement = partitions.track(record,
                    Objects.requireNonNull(commit, "AckMode.MANUAL gives an Acknowledgment"));
        }
        try {
            dispatcher.dispatch(KafkaInboundMessages.of(record), acknowledgement);
        }
        catch (RuntimeException ex) {
            // Unacknowledged, it holds back its partition's commits and is redelivered after a restart or rebalance.
            log.error("Dispatcher failed to accept a message: group={} partition={}-{} offset={}", subscription.group(),
                    record.topic(), record.partition(), record.offset(), ex);
        }
    }
}
