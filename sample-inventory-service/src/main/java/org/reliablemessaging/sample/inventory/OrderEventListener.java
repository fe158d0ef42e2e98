package org.reliablemessaging.sample.inventory;

import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.sample.inventory.messages.OrderEvent;
import org.springframework.stereotype.Component;

/**
 * Takes the order service's events, one SKU's at a time in the order they were published, each
 * once (the JDBC guard by default; {@code reliable-messaging.idempotency.store=redis} for Redis).
 */
@Component
class OrderEventListener {

    private final StockService stock;

    OrderEventListener(StockService stock) {
        this.stock = stock;
    }

    @ReliableListener(topic = "${inventory.orders-topic}", group = "${inventory.group}")
    void on(OrderEvent event) {
        stock.apply(event);
    }
}
