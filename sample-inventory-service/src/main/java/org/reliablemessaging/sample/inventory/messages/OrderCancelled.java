package org.reliablemessaging.sample.inventory.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/**
 * An order was cancelled: whatever stock it holds goes back; the order service has a record of the
 * same type name.
 */
@MessageType("order-cancelled")
public record OrderCancelled(UUID orderId, String sku, String reason) implements OrderEvent {
}
