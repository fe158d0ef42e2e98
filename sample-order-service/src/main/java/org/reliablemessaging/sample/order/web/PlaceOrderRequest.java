package org.reliablemessaging.sample.order.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /orders}. */
public record PlaceOrderRequest(@NotBlank @Size(max = 64) String customerId, @NotBlank @Size(max = 64) String sku,
        @NotNull @Positive Integer quantity) {
}
