package org.reliablemessaging.sample.order.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** The inventory set stock aside for an order. */
@MessageType("stock-reserved")
public record StockReserved(UUID orderId, String sku, int quantity) implements StockReply {
}
