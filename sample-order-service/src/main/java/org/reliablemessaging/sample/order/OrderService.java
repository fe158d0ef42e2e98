package org.reliablemessaging.sample.order;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.reliablemessaging.Message;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.sample.order.domain.Order;
import org.reliablemessaging.sample.order.domain.OrderNotFoundException;
import org.reliablemessaging.sample.order.domain.OrderRepository;
import org.reliablemessaging.sample.order.messages.OrderCancelled;
import org.reliablemessaging.sample.order.messages.OrderPlaced;
import org.reliablemessaging.sample.order.messages.PaymentDeadline;
import org.reliablemessaging.sample.order.messages.StockRejected;
import org.reliablemessaging.sample.order.messages.StockReply;
import org.reliablemessaging.sample.order.messages.StockReserved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens to orders: each change of an order and the messages it causes commit together,
 * through the outbox, or not at all.
 */
@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final OrderRepository orders;

    private final ReliablePublisher publisher;

    private final OrderProperties properties;

    public OrderService(OrderRepository orders, ReliablePublisher publisher, OrderProperties properties) {
        this.orders = orders;
        this.publisher = publisher;
        this.properties = properties;
    }

    /**
     * Stores a new pending order, tells the inventory about it, and sets its payment deadline: a
     * message to this service, held back by the outbox until the payment timeout has passed.
     */
    @Transactional
    public Order place(String customerId, String sku, int quantity) {
        Order order = orders.save(Order.place(customerId, sku, quantity, Instant.now()));
        publisher.publish(properties.topic(), order.sku(),
                new OrderPlaced(order.id(), order.customerId(), order.sku(), order.quantity()));
        publisher.publish(Message.to(properties.deadlineTopic())
            .key(order.id().toString())
            .payload(new PaymentDeadline(order.id()))
            .delay(properties.paymentTimeout()));
        return order;
    }

    /** The order with this id. */
    @Transactional(readOnly = true)
    public Order find(UUID id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** Cancels a pending or confirmed order; the inventory releases whatever it reserved for it. */
    @Transactional
    public Order cancel(UUID id) {
        Order order = orders.findLocked(id).orElseThrow(() -> new OrderNotFoundException(id));
        order.cancel();
        publishCancelled(order);
        return order;
    }

    /**
     * Confirms or rejects a pending order as the inventory answered. An order cancelled meanwhile
     * stays cancelled: its {@code OrderCancelled} follows its {@code OrderPlaced} on the same key,
     * so the inventory releases the stock it is answering about.
     */
    @Transactional
    public void settle(StockReply reply) {
        Order order = orders.findLocked(reply.orderId())
            .orElseThrow(() -> new NonRetryableException("The inventory answered about unknown order "
                    + reply.orderId()));
        boolean settled = switch (reply) {
            case StockReserved reserved -> order.confirm();
            case StockRejected rejected -> order.reject(rejected.reason());
        };
        if (!settled) {
            log.info("Order {} is {}: the inventory's late answer changes nothing", order.id(), order.status());
        }
    }

    /** Cancels the order of a payment deadline if it is still pending; a settled order is left alone. */
    @Transactional
    public void expire(PaymentDeadline deadline) {
        Order order = orders.findLocked(deadline.orderId())
            .orElseThrow(() -> new NonRetryableException("Payment deadline of unknown order " + deadline.orderId()));
        if (order.expire()) {
            publishCancelled(order);
        }
    }

    /** How many orders there are in each status, why the cancelled ones were, and the confirmed quantity of each SKU. */
    @Transactional(readOnly = true)
    public OrderStats stats() {
        return OrderStats.of(orders.countByStatus(), orders.countCancelledByReason(), orders.confirmedQuantityBySku());
    }

    private void publishCancelled(Order order) {
        publisher.publish(properties.topic(), order.sku(), new OrderCancelled(order.id(), order.sku(),
                Objects.requireNonNull(order.reason(), "a cancelled order has a reason")));
    }
}
