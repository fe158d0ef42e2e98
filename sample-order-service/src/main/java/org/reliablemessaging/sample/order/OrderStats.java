package org.reliablemessaging.sample.order;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.reliablemessaging.sample.order.domain.OrderStatus;
import org.reliablemessaging.sample.order.domain.ReasonCount;
import org.reliablemessaging.sample.order.domain.SkuQuantity;
import org.reliablemessaging.sample.order.domain.StatusCount;

/**
 * The books of the order service, for a verifier to hold against the inventory's.
 *
 * @param byStatus how many orders are in each status (every status, zero included)
 * @param cancelledByReason how many cancelled orders were cancelled for each reason ({@code customer request},
 *        {@code payment timeout}), for the reasons that have any
 * @param confirmedQuantityBySku the quantity of each SKU in confirmed orders
 */
public record OrderStats(Map<OrderStatus, Long> byStatus, Map<String, Long> cancelledByReason,
        Map<String, Long> confirmedQuantityBySku) {

    static OrderStats of(List<StatusCount> counts, List<ReasonCount> cancelled, List<SkuQuantity> confirmed) {
        Map<OrderStatus, Long> byStatus = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            byStatus.put(status, 0L);
        }
        counts.forEach(count -> byStatus.put(count.status(), count.count()));
        Map<String, Long> byReason = new TreeMap<>();
        cancelled.forEach(count -> byReason.put(count.reason(), count.count()));
        Map<String, Long> bySku = new TreeMap<>();
        confirmed.forEach(quantity -> bySku.put(quantity.sku(), quantity.quantity()));
        return new OrderStats(byStatus, byReason, bySku);
    }
}
