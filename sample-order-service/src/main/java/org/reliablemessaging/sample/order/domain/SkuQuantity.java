package org.reliablemessaging.sample.order.domain;

/** A quantity of one SKU. */
public record SkuQuantity(String sku, long quantity) {
}
