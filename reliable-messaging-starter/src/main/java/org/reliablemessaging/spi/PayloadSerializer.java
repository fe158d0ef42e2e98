package org.reliablemessaging.spi;

/**
 * Turns a payload object into the bytes stored in the outbox and sent to the broker.
 */
@FunctionalInterface
public interface PayloadSerializer {

    /**
     * Serializes {@code payload}.
     * @throws IllegalArgumentException if the payload cannot be serialized
     */
    byte[] serialize(Object payload);
}
