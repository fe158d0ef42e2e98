package org.reliablemessaging.sample.inventory.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** Stock was set aside for an order. */
@MessageType("stock-reserved")
public record StockReserved(UUID orderId, String sku, int quantity) {
}
