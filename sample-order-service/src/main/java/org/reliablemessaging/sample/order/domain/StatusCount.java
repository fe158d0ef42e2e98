package org.reliablemessaging.sample.order.domain;

/** How many orders are in a status. */
public record StatusCount(OrderStatus status, long count) {
}
