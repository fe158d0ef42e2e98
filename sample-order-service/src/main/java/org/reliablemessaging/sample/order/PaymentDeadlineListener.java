package org.reliablemessaging.sample.order;

import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.sample.order.messages.PaymentDeadline;
import org.springframework.stereotype.Component;

/** Receives the payment deadlines this service sent itself, once each is due. */
@Component
class PaymentDeadlineListener {

    private final OrderService orders;

    PaymentDeadlineListener(OrderService orders) {
        this.orders = orders;
    }

    @ReliableListener(topic = "${orders.deadline-topic}", group = "${orders.group}")
    void on(PaymentDeadline deadline) {
        orders.expire(deadline);
    }
}
