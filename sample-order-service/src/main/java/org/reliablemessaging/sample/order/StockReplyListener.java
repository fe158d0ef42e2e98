package org.reliablemessaging.sample.order;

import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.sample.order.messages.StockReply;
import org.springframework.stereotype.Component;

/** Takes the inventory's answers, one SKU's in order, each once (the idempotency guard of the profile). */
@Component
class StockReplyListener {

    private final OrderService orders;

    StockReplyListener(OrderService orders) {
        this.orders = orders;
    }

    @ReliableListener(topic = "${orders.stock-topic}", group = "${orders.group}")
    void on(StockReply reply) {
        orders.settle(reply);
    }
}
