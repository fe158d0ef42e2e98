package org.reliablemessaging.spi.transport;

/**
 * Creates the {@link MessageSource} of a subscription on one transport.
 */
@FunctionalInterface
public interface MessageSourceFactory {

    /** A source for {@code subscription}, delivering to {@code dispatcher}; not started yet. */
    MessageSource create(Subscription subscription, MessageDispatcher dispatcher);
}
