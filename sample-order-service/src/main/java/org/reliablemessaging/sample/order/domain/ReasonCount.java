package org.reliablemessaging.sample.order.domain;

/** How many cancelled orders were cancelled for a reason. */
public record ReasonCount(String reason, long count) {
}
