package org.reliablemessaging.demo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.demo.ShopClient.OrderStats;
import org.reliablemessaging.demo.ShopClient.StockItem;

import static org.assertj.core.api.Assertions.assertThat;

class OrderStatsTests {

    private final List<StockItem> stock = List.of(new StockItem("red-mug", 7, 3), new StockItem("spoon", 10, 0));

    @Test
    void settledWhenNothingIsPendingEveryOrderIsCountedAndTheStockHoldsTheConfirmedQuantity() {
        assertThat(stats(0, 4, 3).settledWith(stock, 4, 0)).isTrue();
    }

    @Test
    void notSettledWhileAnOrderIsPending() {
        assertThat(stats(1, 3, 3).settledWith(stock, 4, 0)).isFalse();
    }

    @Test
    void notSettledWhileTheReservedStockDiffersFromTheConfirmedQuantity() {
        assertThat(stats(0, 4, 2).settledWith(stock, 4, 0)).isFalse();
    }

    @Test
    void ordersPlacedUnseenMayBeCountedUpToTheirNumber() {
        assertThat(stats(0, 5, 3).settledWith(stock, 4, 0)).isFalse();
        assertThat(stats(0, 5, 3).settledWith(stock, 4, 1)).isTrue();
        assertThat(stats(0, 3, 3).settledWith(stock, 4, 1)).isFalse();
    }

    private static OrderStats stats(long pending, long confirmed, long confirmedMugs) {
        return new OrderStats(Map.of("PENDING", pending, "CONFIRMED", confirmed), Map.of(),
                Map.of("red-mug", confirmedMugs));
    }
}
