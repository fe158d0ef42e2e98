package org.reliablemessaging.sample.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the inventory service ({@code inventory.*}); their defaults are in {@code application.yml},
 * where the listener's {@code ${...}} placeholders find them too.
 *
 * @param ordersTopic where the order service's events arrive, keyed by SKU
 * @param stockTopic where this service answers ({@code StockReserved}, {@code StockRejected}), keyed by SKU
 * @param group this service's consumer group
 */
@ConfigurationProperties("inventory")
public record InventoryProperties(String ordersTopic, String stockTopic, String group) {
}
