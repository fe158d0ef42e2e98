package org.reliablemessaging.sample.inventory.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** Stock could not be set aside for an order, for the reason given. */
@MessageType("stock-rejected")
public record StockRejected(UUID orderId, String sku, int quantity, String reason) {
}
