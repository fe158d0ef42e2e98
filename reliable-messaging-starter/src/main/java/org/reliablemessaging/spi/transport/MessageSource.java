package org.reliablemessaging.spi.transport;

/**
 * One consumer group's subscription to topics on one transport, delivering to a
 * {@link MessageDispatcher}: what a transport must provide on the consumer side.
 *
 * <p>A source delivers every message at least once, acknowledges (commits, acks) a message only
 * after the dispatcher acknowledged it, and keeps the order of a partition in its deliveries.
 */
public interface MessageSource {

    /** Starts receiving. */
    void start();

    /** Stops receiving, waits a bounded time for messages in flight, and leaves the rest to redelivery. */
    void stop();

    /** Stops fetching new messages until {@link #resume()}; messages in flight carry on. May be called from any thread. */
    void pause();

    /** Fetches again after {@link #pause()}. May be called from any thread. */
    void resume();
}
