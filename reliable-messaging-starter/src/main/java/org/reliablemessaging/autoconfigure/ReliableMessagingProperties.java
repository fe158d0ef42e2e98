package org.reliablemessaging.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.listener.ListenerSettings;
import org.reliablemessaging.rabbit.QueueType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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

    @NestedConfigurationProperty
    private final FileTransportProperties file = new FileTransportProperties();

    private final Listener listener = new Listener();

    private final DeadLetter deadLetter = new DeadLetter();

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

    public FileTransportProperties getFile() {
        return this.file;
    }

    public Listener getListener() {
        return this.listener;
    }

    public DeadLetter getDeadLetter() {
        return this.deadLetter;
    }

    /** Defaults of {@code @ReliableListener} methods, each overridable on the annotation. */
    public static class Listener {

        /**
         * Most messages a listener handles at once, over all its keys.
         */
        private int concurrency = 16;

        /**
         * Most messages a listener holds received but not yet acknowledged; beyond it the transport
         * is paused, so memory stays flat whatever the backlog.
         */
        private int maxInFlight = 1000;

        /**
         * Attempts at handling a message before it is dead-lettered.
         */
        private int maxAttempts = 5;

        /**
         * Longest wait for messages in flight when a listener stops; the rest are redelivered.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        /**
         * Whether to dead-letter a message received after its expiry (rm-expires-at), and one that
         * expires while it is retried, instead of handling it.
         */
        private boolean deadLetterExpired = true;

        private final BackoffProperties backoff = new BackoffProperties(Duration.ofSeconds(1), Duration.ofMinutes(1));

        /**
         * How long messages of a group may be deferred (an idempotency guard's store unreachable, say) before the
         * group's health is DOWN.
         */
        private Duration healthMaxDeferral = Duration.ofMinutes(1);

        /**
         * How a listener's span relates to the trace its message carries, with Micrometer Tracing and a bridge
         * on the classpath.
         */
        private ListenerTrace trace = ListenerTrace.CONTINUE;

        public int getConcurrency() {
            return this.concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getMaxInFlight() {
            return this.maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getShutdownTimeout() {
            return this.shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public boolean isDeadLetterExpired() {
            return this.deadLetterExpired;
        }

        public void setDeadLetterExpired(boolean deadLetterExpired) {
            this.deadLetterExpired = deadLetterExpired;
        }

        public BackoffProperties getBackoff() {
            return this.backoff;
        }

        public Duration getHealthMaxDeferral() {
            return this.healthMaxDeferral;
        }

        public void setHealthMaxDeferral(Duration healthMaxDeferral) {
            this.healthMaxDeferral = healthMaxDeferral;
        }

        public ListenerTrace getTrace() {
            return this.trace;
        }

        public void setTrace(ListenerTrace trace) {
            this.trace = trace;
        }

        /** The settings these properties describe. */
        public ListenerSettings toSettings() {
            return new ListenerSettings(concurrency, maxInFlight, maxAttempts, shutdownTimeout, deadLetterExpired,
                    backoff.toBackOff());
        }
    }

    /** How a listener's span relates to the publisher's trace. */
    public enum ListenerTrace {

        /** The listener's span is a child of the publish span: one trace from the publisher's request on. */
        CONTINUE,

        /** Each listener span starts a new trace, with a span link to the publish span. */
        LINK
    }

    /** Dead letters kept in the database. */
    public static class DeadLetter {

        /**
         * How long a dead letter is kept after it was replayed or skipped; zero keeps them for
         * ever. Letters still dead wait for an operator and are never deleted.
         */
        private Duration retention = Duration.ofDays(30);

        public Duration getRetention() {
            return this.retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** The transports a message can travel on. */
    public enum Transport {
        /** Apache Kafka through spring-kafka. */
        KAFKA,
        /** RabbitMQ through spring-amqp. */
        RABBIT,
        /** The file-backed broker of the file-broker module, embedded or as a server. */
        FILE
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
         * Whether to send a PostgreSQL NOTIFY after outbox rows commit, so a relay in another
         * process wakes at once. Sent outside the publishing transaction. Ignored on other
         * databases.
         */
        private boolean notifyCommits = true;

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

        public boolean isNotifyCommits() {
            return this.notifyCommits;
        }

        public void setNotifyCommits(boolean notifyCommits) {
            this.notifyCommits = notifyCommits;
        }

        @Deprecated(since = "0.2.0")
        @DeprecatedConfigurationProperty(replacement = "reliable-messaging.outbox.notify-commits", since = "0.2.0")
        public boolean isNotify() {
            return this.notifyCommits;
        }

        @Deprecated(since = "0.2.0")
        public void setNotify(boolean notify) {
            this.notifyCommits = notify;
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
         * Extra properties of the relay's producer, as Kafka names them; acks=all and idempotence are
         * always on, and linger.ms is 0 unless set here or in Boot's producer properties.
         */
        private Map<String, String> producerProperties = new LinkedHashMap<>();

        /**
         * Longest wait, when a rebalance takes partitions away from a listener, for their messages in
         * flight to be acknowledged and committed; the rest are redelivered to the partitions' next
         * owner. The whole group's rebalance waits for it.
         */
        private Duration revocationTimeout = Duration.ofSeconds(10);

        /**
         * How often, with Micrometer, the lag of the partitions this application's listeners hold
         * is read from the broker (end offset minus committed offset).
         */
        private Duration lagInterval = Duration.ofSeconds(10);

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public Map<String, String> getProducerProperties() {
            return this.producerProperties;
        }

        public void setProducerProperties(Map<String, String> producerProperties) {
            this.producerProperties = producerProperties;
        }

        @Deprecated(since = "0.2.0")
        @DeprecatedConfigurationProperty(replacement = "reliable-messaging.kafka.producer-properties", since = "0.2.0")
        public Map<String, String> getProducer() {
            return this.producerProperties;
        }

        @Deprecated(since = "0.2.0")
        public void setProducer(Map<String, String> producer) {
            this.producerProperties = producer;
        }

        public Duration getRevocationTimeout() {
            return this.revocationTimeout;
        }

        public void setRevocationTimeout(Duration revocationTimeout) {
            this.revocationTimeout = revocationTimeout;
        }

        public Duration getLagInterval() {
            return this.lagInterval;
        }

        public void setLagInterval(Duration lagInterval) {
            this.lagInterval = lagInterval;
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
         * Deliveries without an ack after which RabbitMQ dead-letters a message of a quorum group
         * queue to the group's parking queue, where the listener turns it into a dead letter.
         * Listeners retry in-process and never requeue, so only crashes, lost connections,
         * single-active-consumer failovers and stops with messages prefetched count: a rolling
         * restart counts once for every message in flight, hence the generous default. Classic
         * queues have no delivery limit.
         */
        private int deliveryLimit = 100;

        /**
         * Whether quorum group queues are declared with the delivery limit and the dead-letter route
         * to their parking queue. Turn it off only to keep queues an earlier version declared without
         * them, and set both through a RabbitMQ policy instead.
         */
        private boolean declareDeliveryLimit = true;

        /**
         * Longest time to wait for the broker to confirm a batch (publisher confirms) before its
         * unconfirmed messages count as failed and are retried.
         */
        private Duration sendTimeout = Duration.ofSeconds(30);

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

        public int getDeliveryLimit() {
            return this.deliveryLimit;
        }

        public void setDeliveryLimit(int deliveryLimit) {
            this.deliveryLimit = deliveryLimit;
        }

        public boolean isDeclareDeliveryLimit() {
            return this.declareDeliveryLimit;
        }

        public void setDeclareDeliveryLimit(boolean declareDeliveryLimit) {
            this.declareDeliveryLimit = declareDeliveryLimit;
        }

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        @Deprecated(since = "0.2.0")
        @DeprecatedConfigurationProperty(replacement = "reliable-messaging.rabbit.send-timeout", since = "0.2.0")
        public Duration getConfirmTimeout() {
            return this.sendTimeout;
        }

        @Deprecated(since = "0.2.0")
        public void setConfirmTimeout(Duration confirmTimeout) {
            this.sendTimeout = confirmTimeout;
        }

        public Map<String, List<String>> getTopology() {
            return this.topology;
        }

        public void setTopology(Map<String, List<String>> topology) {
            this.topology = topology;
        }
    }
}
