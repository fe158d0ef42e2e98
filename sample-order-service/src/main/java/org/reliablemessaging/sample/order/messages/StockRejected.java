package org.reliablemessaging.sample.order.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** The inventory could not set stock aside for an order, for the reason given. */
@MessageType("stock-rejected")
public record StockRejected(UUID orderId, String sku, int quantity, String reason) implements StockReply {
}
