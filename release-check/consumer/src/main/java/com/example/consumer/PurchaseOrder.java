package com.example.consumer;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** The service's own data: an ordinary JPA entity. */
@Entity
public class PurchaseOrder {

    @Id
    @GeneratedValue
    private Long id;

    private String sku;

    private int quantity;

    protected PurchaseOrder() {
    }

    PurchaseOrder(String sku, int quantity) {
        this.sku = sku;
        this.quantity = quantity;
    }

    public Long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public int getQuantity() {
        return quantity;
    }
}
