package com.example.consumer;

import org.reliablemessaging.ReliablePublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Step 3: publish in the transaction that saves the order; both commit or neither does. */
@Service
public class OrderService {

    private final PurchaseOrderRepository orders;

    private final ReliablePublisher publisher;

    OrderService(PurchaseOrderRepository orders, ReliablePublisher publisher) {
        this.orders = orders;
        this.publisher = publisher;
    }

    @Transactional
    public PurchaseOrder place(String sku, int quantity) {
        PurchaseOrder order = orders.save(new PurchaseOrder(sku, quantity));
        publisher.publish("orders", sku, new OrderPlaced(order.getId(), sku, quantity));
        return order;
    }
}
