package org.reliablemessaging.demo;

import java.util.ArrayList;
import java.util.List;

import org.reliablemessaging.demo.ShopClient.OrderStats;
import org.reliablemessaging.demo.ShopClient.OrderView;
import org.reliablemessaging.demo.ShopClient.Reservation;
import org.reliablemessaging.demo.ShopClient.StockItem;

/**
 * What both services say once the customers are done, as read from their APIs: each placed order's status
 * and reservation, the order service's statistics, the inventory's stock, and the duplicates suppressed
 * and dead letters of each service.
 *
 * @param duplicatesInventory messages the inventory service's guard skipped since it (re)started
 * @param duplicatesOrders messages the order service's guard skipped
 * @param deadLetters the dead letters of both services
 */
record Books(List<OrderLine> orders, OrderStats stats, List<StockItem> stock, long duplicatesInventory,
        long duplicatesOrders, long deadLetters) {

    /** Status of an unknown order. */
    static final String MISSING = "MISSING";

    /** Reservation state of an order the inventory never heard of. */
    static final String NEVER_HEARD_OF = "never heard of";

    /**
     * One placed order as both services see it.
     *
     * @param status its status in the order service, or {@link #MISSING}
     * @param reservation its reservation's state in the inventory, or {@link #NEVER_HEARD_OF}
     */
    record OrderLine(Orders.Placed order, String status, String reservation) {
    }

    static Books read(ShopClient shop, List<Orders.Placed> placed) {
        List<OrderLine> orders = new ArrayList<>();
        for (Orders.Placed order : placed) {
            OrderView found = shop.findOrder(order.id());
            Reservation reservation = shop.reservation(order.id());
            orders.add(new OrderLine(order, found == null ? MISSING : found.status(),
                    reservation == null ? NEVER_HEARD_OF : reservation.state()));
        }
        // The order service's own count of what it confirmed (orders placed unseen, cut off mid-answer, included).
        OrderStats stats = shop.stats();
        return new Books(orders, stats, shop.stock(), shop.duplicatesSuppressed(shop.inventoryUrl()),
                shop.duplicatesSuppressed(shop.orderUrl()),
                shop.deadLetters(shop.orderUrl()) + shop.deadLetters(shop.inventoryUrl()));
    }
}
