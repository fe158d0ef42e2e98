package org.reliablemessaging.sample.order.domain;

/** Why an order was cancelled, as it reads in the order and in {@code OrderCancelled}. */
public enum CancellationReason {
    CUSTOMER_REQUEST("customer request"), PAYMENT_TIMEOUT("payment timeout");

    private final String label;

    CancellationReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
