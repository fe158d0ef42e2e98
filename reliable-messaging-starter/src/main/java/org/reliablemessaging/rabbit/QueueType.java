package org.reliablemessaging.rabbit;

/**
 * RabbitMQ queue types for consumer group queues.
 */
public enum QueueType {
    /** Replicated, durable queues: the default for anything that must not be lost. */
    QUORUM,
    /** Classic durable queues, for single-node brokers that lack quorum queues. */
    CLASSIC
}
