package com.example.consumer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.reliablemessaging.MessageContext;
import org.reliablemessaging.ReliableListener;
import org.springframework.stereotype.Component;

/** Step 4: listen; each SKU's orders one at a time and in order, duplicates suppressed by the database guard. */
@Component
public class Shipping {

    private final Set<Long> shipped = ConcurrentHashMap.newKeySet();

    @ReliableListener(topic = "orders", group = "shipping")
    void on(OrderPlaced order, MessageContext context) {
        System.out.println("shipping order " + order.orderId() + " (message " + context.messageId() + ")");
        synchronized (this) {
            shipped.add(order.orderId());
            notifyAll();
        }
    }

    synchronized boolean awaitShipped(long orderId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!shipped.contains(orderId) && System.nanoTime() < deadline) {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return shipped.contains(orderId);
    }
}
