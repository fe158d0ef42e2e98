package org.reliablemessaging.sample.inventory.domain;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

/**
 * What this service decided for one order: kept so that a cancel releases exactly what the order
 * holds, and so that the same order is never decided twice.
 */
@Entity
@Table(name = "reservation")
public class Reservation {

    @Id
    private UUID orderId;

    @Column(nullable = false)
    private String sku;

    private int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ReservationState state;

    /** Why the order was rejected; null otherwise. */
    private @Nullable String reason;

    // Null until first saved: that is how Spring Data tells a new reservation (its id already set)
    // from a stored one, and it guards against lost updates besides the row locks.
    @Version
    private @Nullable Long version;

    protected Reservation() {
        // for JPA
    }

    private Reservation(UUID orderId, String sku, int quantity, ReservationState state, @Nullable String reason) {
        this.orderId = orderId;
        this.sku = sku;
        this.quantity = quantity;
        this.state = state;
        this.reason = reason;
    }

    /** Stock set aside for an order. */
    public static Reservation reserved(UUID orderId, String sku, int quantity) {
        return new Reservation(orderId, sku, quantity, ReservationState.RESERVED, null);
    }

    /** An order that got no stock, and why. */
    public static Reservation rejected(UUID orderId, String sku, int quantity, String reason) {
        return new Reservation(orderId, sku, quantity, ReservationState.REJECTED, reason);
    }

    /** Marks reserved stock as released; returns false, changing nothing, if none is reserved. */
    public boolean release() {
        if (state != ReservationState.RESERVED) {
            return false;
        }
        state = ReservationState.RELEASED;
        return true;
    }

    public UUID orderId() {
        return orderId;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public ReservationState state() {
        return state;
    }

    public @Nullable String reason() {
        return reason;
    }
}
