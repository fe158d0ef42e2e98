package org.reliablemessaging.sample.inventory.domain;

import java.util.UUID;

/** Nothing was decided for the order asked for: the inventory has not heard of it (yet). */
public class ReservationNotFoundException extends RuntimeException {

    public ReservationNotFoundException(UUID orderId) {
        super("Nothing was decided for order " + orderId + ": the inventory has not heard of it");
    }
}
