package org.reliablemessaging.sample.order.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** An order was placed and waits for stock; the inventory service has a record of the same type name. */
@MessageType("order-placed")
public record OrderPlaced(UUID orderId, String customerId, String sku, int quantity) {
}
