package org.reliablemessaging.sample.inventory.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** An order was placed and waits for stock; the order service has a record of the same type name. */
@MessageType("order-placed")
public record OrderPlaced(UUID orderId, String customerId, String sku, int quantity) implements OrderEvent {
}
