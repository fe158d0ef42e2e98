package org.reliablemessaging.broker.client;

import org.reliablemessaging.broker.BrokerException;

/**
 * A request frame would exceed the largest frame the server accepts, so it was not sent.
 */
final class RequestTooLargeException extends BrokerException {

    final int frameBytes;
    final int limit;

    RequestTooLargeException(int frameBytes, int limit) {
        super("request of " + frameBytes + " bytes exceeds the broker's frame limit of " + limit + " bytes");
        this.frameBytes = frameBytes;
        this.limit = limit;
    }
}
