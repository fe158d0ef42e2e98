package org.reliablemessaging.sample.order.messages;

import java.util.UUID;

/** The inventory's answer to an {@link OrderPlaced}: one listener takes both kinds, in the order of their SKU. */
public sealed interface StockReply permits StockReserved, StockRejected {

    /** The order answered. */
    UUID orderId();
}
