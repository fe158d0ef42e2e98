package org.reliablemessaging.spi.transport;

/**
 * Takes received messages from a {@link MessageSource} and runs them through the listener: the
 * product's side of the consumer SPI.
 */
@FunctionalInterface
public interface MessageDispatcher {

    /**
     * Accepts a message; returns at once and acknowledges it later, from another thread. Never throws
     * for a bad message: whatever happens is settled by acknowledging it (after dead-lettering if
     * need be). Calls {@link MessageSource#pause()} when too many are in flight.
     */
    void dispatch(InboundMessage message, Acknowledgement acknowledgement);
}
