package org.reliablemessaging.sample.inventory.web;

import org.reliablemessaging.sample.inventory.domain.StockItem;

/** The stock of a SKU as the REST API shows it. */
public record StockView(String sku, int available, int reserved) {

    static StockView of(StockItem item) {
        return new StockView(item.sku(), item.available(), item.reserved());
    }
}
