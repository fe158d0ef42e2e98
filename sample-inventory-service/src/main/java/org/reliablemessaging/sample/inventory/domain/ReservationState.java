package org.reliablemessaging.sample.inventory.domain;

/** What became of an order's request for stock. */
public enum ReservationState {
    /** The stock is set aside for the order. */
    RESERVED,
    /** The order was cancelled and its stock went back. */
    RELEASED,
    /** There was not enough stock (or no such SKU): nothing was set aside. */
    REJECTED
}
