package org.reliablemessaging.sample.order.domain;

import java.util.UUID;

/** The order is already rejected or cancelled, so there is nothing left to cancel. */
public class OrderNotCancellableException extends RuntimeException {

    public OrderNotCancellableException(UUID id, OrderStatus status) {
        super("Order " + id + " is " + status + " and can no longer be cancelled");
    }
}
