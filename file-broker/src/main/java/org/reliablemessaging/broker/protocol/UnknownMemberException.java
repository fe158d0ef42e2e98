package org.reliablemessaging.broker.protocol;

import org.reliablemessaging.broker.BrokerException;

/**
 * A request named a group member its connection does not have (any more): it left, its session expired, or
 * it was created on an earlier connection. The client joins again.
 */
public class UnknownMemberException extends BrokerException {

    public UnknownMemberException(String message) {
        super(message);
    }
}
