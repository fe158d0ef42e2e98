package org.reliablemessaging.demo;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A fault the harness can inject, named on the command line and in the report by its {@link #label()}. */
enum Fault {
    KILL_ORDER, KILL_INVENTORY, KILL_BROKER, KILL_SIDECAR, RESTART_RABBIT, CLOSE_RABBIT_CONNECTIONS,
    RESTART_REDIS, RESTART_POSTGRES, KILL_KAFKA, RESTART_KAFKA, KILL_KAFKA_LEADER, ROLLING_RESTART_KAFKA, PAUSE_KAFKA,
    ISOLATE_KAFKA;

    /** Its name on the command line and in the report: {@code kill-order}, {@code restart-rabbit}... */
    @JsonValue
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    static Fault of(String label) {
        for (Fault fault : values()) {
            if (fault.label().equals(label)) {
                return fault;
            }
        }
        throw new DemoFailed("unknown fault " + label + "; known: " + Arrays.stream(values()).map(Fault::label).toList());
    }

    /** Whether it needs the harness's RabbitMQ, Redis and PostgreSQL: {@code --transport rabbit}. */
    boolean needsRabbit() {
        return this == RESTART_RABBIT || this == CLOSE_RABBIT_CONNECTIONS || this == RESTART_REDIS
                || this == RESTART_POSTGRES;
    }

    /** Whether it is done to the harness's Kafka broker: {@code --transport kafka}. */
    boolean needsKafka() {
        return this == KILL_KAFKA || this == RESTART_KAFKA;
    }

    /** Whether it is done to the harness's three-node Kafka cluster: {@code --transport kafka --cluster kafka}. */
    boolean needsKafkaCluster() {
        return this == KILL_KAFKA_LEADER || this == ROLLING_RESTART_KAFKA || this == PAUSE_KAFKA
                || this == ISOLATE_KAFKA;
    }
}
