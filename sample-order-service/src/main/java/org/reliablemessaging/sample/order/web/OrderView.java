package org.reliablemessaging.sample.order.web;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.sample.order.domain.Order;
import org.reliablemessaging.sample.order.domain.OrderStatus;

/** An order as the REST API shows it. */
public record OrderView(UUID id, String customerId, String sku, int quantity, OrderStatus status,
        @Nullable String reason, Instant createdAt) {

    static OrderView of(Order order) {
        return new OrderView(order.id(), order.customerId(), order.sku(), order.quantity(), order.status(),
                order.reason(), order.createdAt());
    }
}
