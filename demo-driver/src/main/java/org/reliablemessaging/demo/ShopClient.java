package org.reliablemessaging.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The REST APIs of the two sample services, as the customers, the harness and the verification use them.
 *
 * @param orderUrl the order service's base URL
 * @param inventoryUrl the inventory service's base URL
 */
record ShopClient(Http http, String orderUrl, String inventoryUrl) {

    /** An order as the order service shows it ({@code reason} why it was rejected or cancelled). */
    record OrderView(String id, String status, @Nullable String reason) {
    }

    /** What a customer orders. */
    record NewOrder(String customerId, String sku, int quantity) {
    }

    /**
     * The order service's books: orders per status (every status), cancelled ones per reason, the quantity
     * of each SKU in confirmed orders.
     */
    record OrderStats(Map<String, Long> byStatus, Map<String, Long> cancelledByReason,
            Map<String, Long> confirmedQuantityBySku) {

        /**
         * No order pending, as many orders as placed (up to {@code unseen} more: placed while the order service
         * died answering), and the inventory holding what the confirmed orders hold.
         */
        boolean settledWith(List<StockItem> stock, int orderCount, int unseen) {
            long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
            if (byStatus.getOrDefault("PENDING", 0L) != 0 || total < orderCount || total > orderCount + unseen) {
                return false;
            }
            return stock.stream()
                .allMatch(item -> item.reserved() == confirmedQuantityBySku.getOrDefault(item.sku(), 0L));
        }
    }

    /** One SKU's stock in the inventory service. */
    record StockItem(String sku, long available, long reserved) {
    }

    /** What the inventory service did for an order: its reservation's state. */
    record Reservation(String state) {
    }

    private record StockLevel(int available) {
    }

    private record DeadLetterPage(long count) {
    }

    private record Metric(List<Measurement> measurements) {
    }

    private record Measurement(double value) {
    }

    /** Sets each SKU's available stock; returns what was set, in the SKUs' order. */
    Map<String, Integer> setStock(List<String> skus, int available) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        skus.forEach(sku -> stock.put(sku, available));
        stock.forEach((sku, quantity) -> http.send("PUT", inventoryUrl + "/inventory/" + sku, new StockLevel(quantity)));
        return stock;
    }

    /** Places an order: the order, or null if the service answered 5xx (its transaction rolled back). */
    @Nullable OrderView place(NewOrder order) {
        return http.sendUnlessServerError("POST", orderUrl + "/orders", order, OrderView.class);
    }

    /** Asks to cancel an order: the HTTP status (409 for one already rejected or cancelled). */
    int cancel(String orderId) {
        return http.status("POST", orderUrl + "/orders/" + orderId + "/cancel");
    }

    OrderView order(String id) {
        return http.get(orderUrl + "/orders/" + id, OrderView.class);
    }

    /** The order, or null if the order service does not know it. */
    @Nullable OrderView findOrder(String id) {
        return http.getOrNull(orderUrl + "/orders/" + id, OrderView.class);
    }

    OrderStats stats() {
        return http.get(orderUrl + "/orders/stats", OrderStats.class);
    }

    List<StockItem> stock() {
        return List.of(http.get(inventoryUrl + "/inventory", StockItem[].class));
    }

    /** The inventory's reservation for an order, or null if it never heard of the order. */
    @Nullable Reservation reservation(String orderId) {
        return http.getOrNull(inventoryUrl + "/reservations/" + orderId, Reservation.class);
    }

    /** See {@link OrderStats#settledWith}. */
    boolean settled(int orderCount, int unseen) {
        return stats().settledWith(stock(), orderCount, unseen);
    }

    /** Messages the listeners' idempotency guards of the service at {@code url} skipped since it (re)started. */
    long duplicatesSuppressed(String url) {
        Metric metric = http.getOrNull(url + "/actuator/metrics/reliable.messaging.listener.duplicates", Metric.class);
        return metric == null ? 0 : Math.round(metric.measurements().get(0).value());
    }

    /** The dead letters of the service at {@code url}. */
    long deadLetters(String url) {
        return http.get(url + "/actuator/deadletters", DeadLetterPage.class).count();
    }
}
