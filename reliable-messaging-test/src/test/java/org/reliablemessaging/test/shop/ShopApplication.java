package org.reliablemessaging.test.shop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.reliablemessaging.Message;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.NonRetryableException;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliablePublisher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A small shop for the harness's tests: it publishes orders and reserves stock for them. */
@SpringBootApplication
public class ShopApplication {

    public record OrderPlaced(String orderId, String sku, int quantity) {
    }

    public record OrderCancelled(String orderId) {
    }

    @Service
    public static class Orders {

        private final ReliablePublisher publisher;

        Orders(ReliablePublisher publisher) {
            this.publisher = publisher;
        }

        @Transactional
        public void place(String orderId, String sku, int quantity) {
            publisher.publish(Message.to("orders").key(sku).payload(new OrderPlaced(orderId, sku, quantity))
                    .header("channel", "web"));
        }

        @Transactional
        public void placeAndFail(String orderId, String sku) {
            publisher.publish("orders", sku, new OrderPlaced(orderId, sku, 1));
            throw new IllegalStateException("payment declined");
        }
    }

    @Component
    public static class Stock {

        /** The order ids each SKU's reservations arrived in. */
        public final Map<String, List<String>> reservations = new ConcurrentHashMap<>();

        @ReliableListener(topic = "orders", group = "stock", maxAttempts = 2, backoff = "10ms")
        void on(OrderPlaced order, MessageContext context) {
            if (order.quantity() <= 0) {
                throw new NonRetryableException("quantity must be positive, was " + order.quantity());
            }
            reservations.computeIfAbsent(order.sku(), sku -> new CopyOnWriteArrayList<>()).add(order.orderId());
        }
    }
}
