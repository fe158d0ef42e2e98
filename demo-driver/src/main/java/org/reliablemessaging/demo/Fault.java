package org.reliablemessaging.demo;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A fault the harness can inject, named on the command line and in the report by its {@link #label()}. */
enum Fault {
    KILL_ORDER, KILL_INVENTORY, KILL_BROKER, KILL_SIDECAR, RESTART_RABBIT, CLOSE_RABBIT_CONNECTIONS,
    RESTART_REDIS, RESTART_POSTGRES, KILL_KAFKA, RESTART_KAFKA, KILL_RABBIT_LEADER, STOP_APP_RABBIT, PAUSE_RABBIT,
    PARTITION_BROKER, PARTITION_DATABASE, SLOW_LINK_BROKER, SLOW_LINK_DATABASE, KILL_KAFKA_LEADER,
    ROLLING_RESTART_KAFKA, PAUSE_KAFKA, ISOLATE_KAFKA;

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
                || this == RESTART_POSTGRES || needsRabbitCluster();
    }

    /** Whether it is done to one node of the harness's RabbitMQ cluster: {@code --rabbit-nodes 3}. */
    boolean needsRabbitCluster() {
        return this == KILL_RABBIT_LEADER || this == STOP_APP_RABBIT || this == PAUSE_RABBIT;
    }

    /** Whether it is done to the harness's Kafka broker: {@code --transport kafka}. */
    boolean needsKafka() {
        return this == KILL_KAFKA || this == RESTART_KAFKA;
    }

    /** Whether it is done to the network between the services and their broker or database ({@link NetworkFaults}). */
    boolean network() {
        return this == PARTITION_BROKER || this == PARTITION_DATABASE || this == SLOW_LINK_BROKER
                || this == SLOW_LINK_DATABASE;
    }

    /** Whether it is done to the harness's three-node Kafka cluster: {@code --transport kafka --cluster kafka}. */
    boolean needsKafkaCluster() {
        return this == KILL_KAFKA_LEADER || this == ROLLING_RESTART_KAFKA || this == PAUSE_KAFKA
                || this == ISOLATE_KAFKA;
    }
}
