package org.reliablemessaging.spi.transport;

/**
 * Tells a transport that one message is done with (handled, skipped as a duplicate, or
 * dead-lettered), so it may commit its offset or ack it.
 */
@FunctionalInterface
public interface Acknowledgement {

    /** Called once per message, from any thread. */
    void acknowledge();
}
