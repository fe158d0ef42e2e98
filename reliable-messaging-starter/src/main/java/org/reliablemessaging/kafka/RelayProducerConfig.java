package org.reliablemessaging.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the configuration of the relay's Kafka producer: the application's producer settings,
 * then {@code reliable-messaging.kafka.producer-properties}, then the guarantees the relay depends on.
 */
public final class RelayProducerConfig {

    /** How long a send may block on metadata or a full buffer unless configured otherwise. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RelayProducerConfig.class);

    private static final Set<String> ACKS_ALL = Set.of("all", "-1");

    private static final int MAX_IN_FLIGHT_WITH_ORDER = 5;

    private static final Map<String, ConfigDef.ConfigKey> PRODUCER_SETTINGS = ProducerConfig.configDef().configKeys();

    private RelayProducerConfig() {
    }

    /**
     * The producer configuration for the relay.
     * @param base the application's producer configuration (e.g. from Boot's {@code spring.kafka.*})
     * @param overrides the relay's own producer properties, applied over {@code base}
     * @param sendTimeout how long the sender waits for a batch's acknowledgements
     * @throws IllegalArgumentException if {@code linger.ms} leaves no time for a request within {@code sendTimeout}
     */
    public static Map<String, Object> of(Map<String, Object> base, Map<String, String> overrides,
            Duration sendTimeout) {
        Map<String, Object> config = new LinkedHashMap<>(base);
        config.putAll(overrides);
        require(config, ProducerConfig.ACKS_CONFIG, "all", ACKS_ALL::contains,
                "messages must be on every in-sync replica");
        require(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", "true"::equalsIgnoreCase,
                "retries must neither duplicate nor reorder messages");
        require(config, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                Integer.toString(MAX_IN_FLIGHT_WITH_ORDER), RelayProducerConfig::keepsOrder,
                "more than 5 in flight breaks the order of one key's messages");
        // The relay hands the producer a whole claimed batch and waits for its acknowledgements before the next
        // claim, so Kafka's 5 ms default linger would only delay every batch: records still share requests
        // while earlier ones are in flight.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        // Kafka's 60 s default would stall the relay for a minute per topic while a broker is unreachable.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(DEFAULT_MAX_BLOCK.toMillis()));
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "reliable-messaging-relay");
        boundDelivery(config, sendTimeout);
        return config;
    }

    /**
     * Ends the producer's own retries of a record by the time the sender reports it unconfirmed, so
     * that the relay's retry is the only one. Kafka's default of two minutes would keep a record the
     * relay has given up on in the producer, to land later beside the relay's copy, and keep a batch
     * that can never succeed (OUT_OF_ORDER_SEQUENCE) holding its partition and in-flight slots.
     */
    private static void boundDelivery(Map<String, Object> config, Duration sendTimeout) {
        long limit = Math.min(sendTimeout.toMillis(), Integer.MAX_VALUE);
        long delivery = Math.min(numeric(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), limit);
        lower(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery,
                "the sender stops waiting for a record after its send timeout");
        // Kafka refuses a delivery timeout below linger.ms + request.timeout.ms.
        long linger = numeric(config, ProducerConfig.LINGER_MS_CONFIG);
        long requestTimeout = delivery - linger;
        if (requestTimeout <= 0) {
            throw new IllegalArgumentException("a send timeout of " + sendTimeout.toMillis()
                    + " ms leaves no time for a request after linger.ms=" + linger);
        }
        lower(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout,
                "delivery.timeout.ms must be at least linger.ms + request.timeout.ms");
    }

    /** Sets {@code name} to {@code max} if it is larger, warning if it was configured so. */
    private static void lower(Map<String, Object> config, String name, long max, String reason) {
        if (numeric(config, name) <= max) {
            return;
        }
        Object configured = config.put(name, Long.toString(max));
        if (configured != null) {
            log.warn("Ignoring Kafka producer setting for the relay: property={} configured={} used={} reason=\"{}\"",
                    name, configured, max, reason);
        }
    }

    /** The value of a numeric producer setting in {@code config}, or Kafka's default. */
    static long numeric(Map<String, Object> config, String name) {
        ConfigDef.ConfigKey key = Objects.requireNonNull(PRODUCER_SETTINGS.get(name),
                () -> name + " is not a Kafka producer setting");
        Object value = config.get(name);
        return ((Number) (value == null ? key.defaultValue : ConfigDef.parseType(name, value, key.type))).longValue();
    }

    private static void require(Map<String, Object> config, String name, String required,
            Predicate<String> acceptable, String reason) {
        Object value = config.get(name);
        if (value != null && acceptable.test(value.toString().trim())) {
            return;
        }
        if (value != null) {
            log.warn("Ignoring Kafka producer setting for the relay: property={} configured={} used={} reason=\"{}\"",
                    name, value, required, reason);
        }
        config.put(name, required);
    }

    private static boolean keepsOrder(String value) {
        try {
            int inFlight = Integer.parseInt(value);
            return inFlight >= 1 && inFlight <= MAX_IN_FLIGHT_WITH_ORDER;
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }
}
