package org.reliablemessaging.sample.order.domain;

import java.util.UUID;

/** No order has the id asked for. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(UUID id) {
        super("No order with id " + id);
    }
}
