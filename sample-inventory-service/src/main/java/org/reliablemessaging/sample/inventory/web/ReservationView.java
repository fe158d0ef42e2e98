package org.reliablemessaging.sample.inventory.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.sample.inventory.domain.Reservation;
import org.reliablemessaging.sample.inventory.domain.ReservationState;

/** What the inventory decided for an order, as the REST API shows it. */
public record ReservationView(UUID orderId, String sku, int quantity, ReservationState state,
        @Nullable String reason) {

    static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.orderId(), reservation.sku(), reservation.quantity(),
                reservation.state(), reservation.reason());
    }
}
