package org.reliablemessaging.listener;

import java.util.concurrent.Semaphore;

import org.reliablemessaging.spi.transport.InboundMessage;

/**
 * Settles one message: handles it, retries it, skips it as a duplicate, or dead-letters it.
 */
@FunctionalInterface
interface MessageProcessor {

    /**
     * Returns once the message may be acknowledged. Each attempt at handling it holds one of
     * {@code permits}; waiting between attempts holds none.
     * @throws RuntimeException if the message could not be settled (its dead letter could not be
     *         stored); it must then not be acknowledged
     */
    void process(InboundMessage message, Semaphore permits) throws InterruptedException;
}
