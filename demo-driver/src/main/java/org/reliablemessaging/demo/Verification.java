package org.reliablemessaging.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The books of both services held against each other: each order's status against what the inventory
 * decided for it, each SKU's stock against the confirmed orders.
 */
record Verification(Map<String, Integer> byStatus, Map<String, Long> cancelledByReason,
        List<SkuLine> stock, List<String> disagreements, List<String> outOfOrder, long duplicatesInventory,
        long duplicatesOrders, long deadLetters) {

    /**
     * One SKU's stock against the order service's confirmed quantity; {@code heldOutOfOrder} is what cancelled
     * orders still hold because their cancel was applied before their placing (counted as order violations).
     */
    record SkuLine(String sku, int initial, long confirmed, long available, long reserved, long heldOutOfOrder) {

        boolean balanced() {
            return available == initial - confirmed && reserved == confirmed;
        }

        /** Balanced once out-of-order reservations are accounted for: else stock was changed twice (or never). */
        boolean balancedButForOrder() {
            return available == initial - confirmed - heldOutOfOrder && reserved == confirmed + heldOutOfOrder;
        }
    }

    /** Holds the books against each other; every SKU started with {@code initialStock} available. */
    static Verification of(Books books, int initialStock) {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Long> heldOutOfOrder = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        for (Books.OrderLine line : books.orders()) {
            Orders.Placed order = line.order();
            byStatus.merge(line.status(), 1, Integer::sum);
            if (line.status().equals("CANCELLED") && line.reservation().equals("RESERVED")) {
                heldOutOfOrder.merge(order.sku(), (long) order.quantity(), Long::sum);
                outOfOrder.add("order " + order.id() + " is CANCELLED, its stock still RESERVED");
            }
            else if (!agree(line.status(), line.reservation())) {
                disagreements.add("order " + order.id() + " is " + line.status() + ", its stock " + line.reservation());
            }
        }
        Map<String, Long> confirmedBySku = books.stats().confirmedQuantityBySku();
        List<SkuLine> stock = books.stock().stream()
            .map(item -> new SkuLine(item.sku(), initialStock, confirmedBySku.getOrDefault(item.sku(), 0L),
                    item.available(), item.reserved(), heldOutOfOrder.getOrDefault(item.sku(), 0L)))
            .toList();
        return new Verification(byStatus, new TreeMap<>(books.stats().cancelledByReason()), stock, disagreements,
                outOfOrder, books.duplicatesInventory(), books.duplicatesOrders(), books.deadLetters());
    }

    /** A confirmed order holds stock, a rejected one none, a cancelled one gave back what it held, if any. */
    private static boolean agree(String status, String reservation) {
        return switch (status) {
            case "CONFIRMED" -> reservation.equals("RESERVED");
            case "REJECTED" -> reservation.equals("REJECTED");
            case "CANCELLED" -> reservation.equals("RELEASED") || reservation.equals("REJECTED");
            default -> false;
        };
    }

    /** Orders the customers were told exist, yet not decided on both sides alike. */
    int lost() {
        return disagreements.size();
    }

    /** Cancelled orders still holding stock: their cancel reached the inventory before their placing. */
    int orderViolations() {
        return outOfOrder.size();
    }

    /** SKUs whose stock moved otherwise than the decided orders say: an effect applied twice (or lost). */
    int duplicateEffects() {
        return (int) stock.stream().filter(line -> !line.balancedButForOrder()).count();
    }

    int orders() {
        return byStatus.values().stream().mapToInt(Integer::intValue).sum();
    }

    boolean balanced() {
        return disagreements.isEmpty() && outOfOrder.isEmpty() && deadLetters == 0
                && stock.stream().allMatch(SkuLine::balanced);
    }

    /** Prints the books and whether they balance, {@code through} naming what the run did to the services. */
    void print(Duration settling, Duration total, String through) {
        System.out.printf("Verification (settled in %s, %s in all)%n%n", Console.seconds(settling.toNanos()),
                Console.seconds(total.toNanos()));
        System.out.printf("  Orders: %d%n", orders());
        for (String status : List.of("CONFIRMED", "REJECTED", "CANCELLED", "PENDING")) {
            System.out.printf("    %-10s %4d%s%n", status, byStatus.getOrDefault(status, 0),
                    status.equals("CANCELLED") && !cancelledByReason.isEmpty() ? "   " + reasons() : "");
        }
        System.out.printf("%n  Stock per SKU: expected available = initial - confirmed quantity,"
                + " expected reserved = confirmed quantity%n");
        System.out.printf("    %-9s %7s %10s %10s %9s %9s %9s%n", "SKU", "initial", "confirmed", "available",
                "expected", "reserved", "expected");
        for (SkuLine line : stock) {
            System.out.printf("    %-9s %7d %10d %10d %9d %9d %9d  %s%n", line.sku(), line.initial(),
                    line.confirmed(), line.available(), line.initial() - line.confirmed(), line.reserved(),
                    line.confirmed(), line.balanced() ? "✓" : "✗");
        }
        System.out.println();
        System.out.printf("  Duplicates suppressed:  %d (inventory service since its restart %d, order service %d)%n",
                duplicatesInventory + duplicatesOrders, duplicatesInventory, duplicatesOrders);
        System.out.printf("  Dead letters:           %d%n", deadLetters);
        System.out.printf("  Messages lost:          %d%s%n", disagreements.size(),
                disagreements.isEmpty() ? "  (every order's status matches what the inventory did for it)" : "");
        disagreements.stream().limit(10).forEach(line -> System.out.println("    " + line));
        if (!outOfOrder.isEmpty()) {
            System.out.printf("  Out of order:           %d%n", outOfOrder.size());
            outOfOrder.stream().limit(10).forEach(line -> System.out.println("    " + line));
        }
        System.out.println();
        System.out.println(balanced()
                ? "✓ The books balance: no message lost, none applied twice, through " + through + "."
                : "✗ The books do NOT balance.");
    }

    private String reasons() {
        StringBuilder text = new StringBuilder("(");
        cancelledByReason.forEach((reason, count) -> text.append(text.length() > 1 ? ", " : "")
            .append(reason).append(": ").append(count));
        return text.append(")").toString();
    }
}
