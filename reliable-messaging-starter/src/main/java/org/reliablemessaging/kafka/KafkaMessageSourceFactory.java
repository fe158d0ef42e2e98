package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.reliablemessaging.spi.transport.MessageDispatcher;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.MessageSourceFactory;
import org.reliablemessaging.spi.transport.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Creates a {@link KafkaMessageSource} per subscription, all with consumers configured like the
 * application's ({@code spring.kafka.consumer.*}) except for what at-least-once delivery depends on.
 */
public final class KafkaMessageSourceFactory implements MessageSourceFactory {

    private static final Logger log = LoggerFactory.getLogger(KafkaMessageSourceFactory.class);

    private final ConsumerFactory<byte[], byte[]> consumerFactory;

    private final Duration revocationTimeout;

    private final Duration shutdownTimeout;

    private final PartitionAssignmentListener assignments;

    /**
     * A factory of sources.
     * @param consumerConfig the application's consumer configuration; the group id comes from each subscription
     * @param revocationTimeout longest wait for the messages in flight of revoked partitions
     * @param shutdownTimeout longest wait for the messages in flight when a source stops
     * @param assignments told which partitions each source's consumer holds
     */
    public KafkaMessageSourceFactory(Map<String, Object> consumerConfig, Duration revocationTimeout,
            Duration shutdownTimeout, PartitionAssignmentListener assignments) {
        this.consumerFactory = new DefaultKafkaConsumerFactory<>(listenerConfig(consumerConfig),
                ByteArrayDeserializer::new, ByteArrayDeserializer::new);
        this.revocationTimeout = revocationTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.assignments = assignments;
    }

    @Override
    public MessageSource create(Subscription subscription, MessageDispatcher dispatcher) {
        return new KafkaMessageSource(consumerFactory, subscription, dispatcher, revocationTimeout, shutdownTimeout,
                assignments);
    }

    /** {@code base}, with offsets committed only by the source and new groups reading from the start. */
    static Map<String, Object> listenerConfig(Map<String, Object> base) {
        Map<String, Object> config = new LinkedHashMap<>(base);
        Object autoCommit = config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (autoCommit != null && !"false".equalsIgnoreCase(autoCommit.toString().trim())) {
            log.warn("Ignoring Kafka consumer setting for reliable listeners: property={} configured={} used=false"
                    + " reason=\"offsets are committed only once messages are acknowledged\"",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
        }
        // A group's first start must not skip what was published before it; an explicit setting still wins.
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
