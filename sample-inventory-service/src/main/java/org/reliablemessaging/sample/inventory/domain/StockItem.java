package org.reliablemessaging.sample.inventory.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.jspecify.annotations.Nullable;

/** The stock of one SKU: what is free to reserve, and what is reserved for orders. */
@Entity
@Table(name = "stock_item")
public class StockItem {

    @Id
    private String sku;

    private int available;

    private int reserved;

    // Null until first saved: that is how Spring Data tells a new item (its SKU already set)
    // from a stored one, and it guards against lost updates besides the row locks.
    @Version
    private @Nullable Long version;

    protected StockItem() {
        // for JPA
    }

    private StockItem(String sku) {
        this.sku = sku;
    }

    /** A SKU with no stock yet. */
    public static StockItem create(String sku) {
        return new StockItem(sku);
    }

    /** Sets the free stock, as after a count or a delivery; what is reserved stays reserved. */
    public void setAvailable(int available) {
        if (available < 0) {
            throw new IllegalArgumentException("Available stock of " + sku + " cannot be negative: " + available);
        }
        this.available = available;
    }

    /** Moves {@code quantity} from available to reserved if that much is available; otherwise changes nothing. */
    public boolean reserve(int quantity) {
        if (quantity > available) {
            return false;
        }
        available -= quantity;
        reserved += quantity;
        return true;
    }

    /** Moves {@code quantity} that was reserved back to available. */
    public void release(int quantity) {
        if (quantity > reserved) {
            throw new IllegalStateException("Cannot release " + quantity + " of " + sku + ": only " + reserved
                    + " reserved");
        }
        reserved -= quantity;
        available += quantity;
    }

    public String sku() {
        return sku;
    }

    public int available() {
        return available;
    }

    public int reserved() {
        return reserved;
    }
}
