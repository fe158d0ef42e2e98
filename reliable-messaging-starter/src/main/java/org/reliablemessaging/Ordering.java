package org.reliablemessaging;

/**
 * How a {@link ReliableListener} orders the messages it handles.
 */
public enum Ordering {

    /** One message of a key at a time, in arrival order; different keys in parallel. */
    KEY,

    /** One message of a partition (Kafka partition, RabbitMQ queue) at a time; partitions in parallel. */
    PARTITION,

    /** No order: every message may run in parallel with every other. */
    NONE
}
