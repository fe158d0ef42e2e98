package org.reliablemessaging.sample.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the order service ({@code orders.*}); their defaults are in {@code application.yml}, where
 * the listeners' {@code ${...}} placeholders find them too.
 *
 * @param topic where the order's events go ({@code OrderPlaced}, {@code OrderCancelled}), keyed by SKU
 * @param stockTopic where the inventory answers ({@code StockReserved}, {@code StockRejected}), keyed by SKU
 * @param deadlineTopic where the service sends itself the delayed payment deadline of each order
 * @param group this service's consumer group
 * @param paymentTimeout how long an order may stay pending before it is cancelled
 */
@ConfigurationProperties("orders")
public record OrderProperties(String topic, String stockTopic, String deadlineTopic, String group,
        Duration paymentTimeout) {
}
