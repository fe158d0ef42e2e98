package org.reliablemessaging.sample.inventory.domain;

/** No stock is kept for the SKU asked for. */
public class SkuNotFoundException extends RuntimeException {

    public SkuNotFoundException(String sku) {
        super("No stock is kept for SKU " + sku);
    }
}
