package org.reliablemessaging.sample.order.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * A customer's order of one SKU, and the rules by which its status moves.
 */
// "Order" is a keyword of both SQL and JPQL, hence the other names.
@Entity(name = "PurchaseOrder")
@Table(name = "purchase_order")
public class Order {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String sku;

    private int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private OrderStatus status;

    /** Why the order was rejected or cancelled; null while it is pending or confirmed. */
    private @Nullable String reason;

    @Column(nullable = false)
    private Instant createdAt;

    // Null until first saved: that is how Spring Data tells a new order (its id already set)
    // from a stored one, and it guards against lost updates besides the row locks.
    @Version
    private @Nullable Long version;

    protected Order() {
        // for JPA
    }

    private Order(UUID id, String customerId, String sku, int quantity, Instant createdAt) {
        this.id = id;
        this.customerId = customerId;
        this.sku = sku;
        this.quantity = quantity;
        this.status = OrderStatus.PENDING;
        this.createdAt = createdAt;
    }

    /** A new pending order. */
    public static Order place(String customerId, String sku, int quantity, Instant now) {
        // To the microsecond that the databases keep, so that the order as placed equals the order as read back.
        return new Order(UUID.randomUUID(), customerId, sku, quantity, now.truncatedTo(ChronoUnit.MICROS));
    }

    /** Confirms a pending order; a reply to an order no longer pending (cancelled meanwhile) changes nothing. */
    public boolean confirm() {
        return settle(OrderStatus.CONFIRMED, null);
    }

    /** Rejects a pending order; a reply to an order no longer pending changes nothing. */
    public boolean reject(String reason) {
        return settle(OrderStatus.REJECTED, reason);
    }

    /** Cancels a pending order whose payment deadline passed; any other order is left as it is. */
    public boolean expire() {
        return settle(OrderStatus.CANCELLED, CancellationReason.PAYMENT_TIMEOUT.label());
    }

    /**
     * Cancels a pending or confirmed order at the customer's request.
     * @throws OrderNotCancellableException if it is already rejected or cancelled
     */
    public void cancel() {
        if (status == OrderStatus.REJECTED || status == OrderStatus.CANCELLED) {
            throw new OrderNotCancellableException(id, status);
        }
        status = OrderStatus.CANCELLED;
        reason = CancellationReason.CUSTOMER_REQUEST.label();
    }

    private boolean settle(OrderStatus outcome, @Nullable String why) {
        if (status != OrderStatus.PENDING) {
            return false;
        }
        status = outcome;
        reason = why;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public OrderStatus status() {
        return status;
    }

    public @Nullable String reason() {
        return reason;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
