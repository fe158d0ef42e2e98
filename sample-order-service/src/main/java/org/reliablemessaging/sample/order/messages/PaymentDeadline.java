package org.reliablemessaging.sample.order.messages;

import java.util.UUID;

import org.reliablemessaging.MessageType;

/** The service's delayed note to itself: an order still pending when this arrives was never paid. */
@MessageType("payment-deadline")
public record PaymentDeadline(UUID orderId) {
}
