package org.reliablemessaging.sample.order.domain;

/**
 * Where an order stands: pending until the inventory answers, then confirmed or rejected; cancelled
 * from pending or confirmed.
 */
public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED
}
