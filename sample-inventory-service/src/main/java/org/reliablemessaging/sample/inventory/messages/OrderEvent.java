package org.reliablemessaging.sample.inventory.messages;

import java.util.UUID;

/** What the order service says about an order: one listener takes every kind, in the order of their SKU. */
public sealed interface OrderEvent permits OrderPlaced, OrderCancelled {

    /** The order concerned. */
    UUID orderId();
}
