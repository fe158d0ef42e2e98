package com.example.consumer;

/** Step 3: the message, a record serialized as JSON. */
public record OrderPlaced(long orderId, String sku, int quantity) {
}
