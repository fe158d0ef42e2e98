package org.reliablemessaging.sample.inventory.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** The body of {@code PUT /inventory/{sku}}: the free stock, reservations aside. */
public record SetStockRequest(@NotNull @PositiveOrZero Integer available) {
}
