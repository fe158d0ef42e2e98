package org.reliablemessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of Reliable Messaging: the outbox, the transport and each transport's settings.
 */
@ConfigurationProperties("reliable-messaging")
public class ReliableMessagingProperties {

    /**
     * Transport that carries messages; when unset, the only one on the classpath is used.
     */
    private @Nullable Transport transport;

    private final Outbox outbox = new Outbox();

    private final Kafka kafka = new Kafka();

    private final Rabbit rabbit = new Rabbit();

    public @Nullable Transport getTransport() {
        return this.transport;
    }

    public void setTransport(@Nullable Transport transport) {
        this.transport = transport;
    }

    public Outbox getOutbox() {
        return this.outbox;
    }

    public Kafka getKafka() {
        return this.kafka;
    }

    public Rabbit getRabbit() {
        return this.rabbit;
    }

    /** The transports a message can travel on. */
    public enum Transport {
        /** Apache Kafka through spring-kafka. */
        KAFKA,
        /** RabbitMQ through spring-amqp. */
        RABBIT
    }

    /** Settings of the outbox tables and the publish path. */
    public static class Outbox {

        /**
         * Prefix of the outbox table names: lower-case letters, digits and underscores.
         */
        private String tablePrefix = "rm_";

        /**
         * Whether to create and migrate the outbox tables at start-up with Flyway, in a history table
         * of their own ({prefix}schema_history).
         */
        private boolean initializeSchema = true;

        /**
         * Largest serialized payload accepted by publish.
         */
        private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

        /**
         * Longest ordering key accepted by publish, in characters (the column holds at most 255).
         */
        private int maxKeyLength = 255;

        /**
         * Whether to send a PostgreSQL NOTIFY when outbox rows commit, so a relay in another process
         * wakes at once. Ignored on other databases.
         */
        private boolean notify = true;

        public String getTablePrefix() {
            return this.tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public boolean isInitializeSchema() {
            return this.initializeSchema;
        }

        public void setInitializeSchema(boolean initializeSchema) {
            this.initializeSchema = initializeSchema;
        }

        public DataSize getMaxPayloadSize() {
            return this.maxPayloadSize;
        }

        public void setMaxPayloadSize(DataSize maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
        }

        public int getMaxKeyLength() {
            return this.maxKeyLength;
        }

        public void setMaxKeyLength(int maxKeyLength) {
            this.maxKeyLength = maxKeyLength;
        }

        public boolean isNotify() {
            return this.notify;
        }

        public void setNotify(boolean notify) {
            this.notify = notify;
        }
    }

    /** Kafka transport settings; connection and client settings come from spring.kafka.*. */
    public static class Kafka {

        /**
         * Longest time to wait for the broker to acknowledge a batch before its unconfirmed
         * messages count as failed and are retried.
         */
        private Duration sendTimeout = Duration.ofSeconds(30);

        /**
         * Extra producer properties for the relay's producer; acks=all and idempotence are always on.
         */
        private Map<String, String> producer = new LinkedHashMap<>();

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public Map<String, String> getProducer() {
            return this.producer;
        }

        public void setProducer(Map<String, String> producer) {
            this.producer = producer;
        }
    }

    /** RabbitMQ transport settings; the connection comes from spring.rabbitmq.*. */
    public static class Rabbit {

        /**
         * Number of virtual partitions per topic: a message goes to partition hash(key) mod
         * partitions, so each key stays on one queue per consumer group.
         */
        private int partitions = 4;

        /**
         * Prefix of the exchange declared for each topic.
         */
        private String exchangePrefix = "rm.";

        /**
         * Type of the consumer group queues declared from the topology.
         */
        private QueueType queueType = QueueType.QUORUM;

        /**
         * Longest time to wait for publisher confirms of a batch before its unconfirmed messages
         * count as failed and are retried.
         */
        private Duration confirmTimeout = Duration.ofSeconds(30);

        /**
         * Consumer groups per topic whose queues are declared and bound at start-up, so messages
         * published before the consumers first start are kept rather than returned as unroutable.
         */
        private Map<String, List<String>> topology = new LinkedHashMap<>();

        public int getPartitions() {
            return this.partitions;
        }

        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }

        public String getExchangePrefix() {
            return this.exchangePrefix;
        }

        public void setExchangePrefix(String exchangePrefix) {
            this.exchangePrefix = exchangePrefix;
        }

        public QueueType getQueueType() {
            return this.queueType;
        }

        public void setQueueType(QueueType queueType) {
            this.queueType = queueType;
        }

        public Duration getConfirmTimeout() {
            return this.confirmTimeout;
        }

        public void setConfirmTimeout(Duration confirmTimeout) {
            this.confirmTimeout = confirmTimeout;
        }

        public Map<String, List<String>> getTopology() {
            return this.topology;
        }

        public void setTopology(Map<String, List<String>> topology) {
            this.topology = topology;
        }

        /** RabbitMQ queue types for consumer group queues. */
        public enum QueueType {
            /** Replicated, durable queues: the default for anything that must not be lost. */
            QUORUM,
            /** Classic durable queues, for single-node brokers that lack quorum queues. */
            CLASSIC
        }
    }
}
