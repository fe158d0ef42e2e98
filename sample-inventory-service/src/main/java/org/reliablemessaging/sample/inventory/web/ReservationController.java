package org.reliablemessaging.sample.inventory.web;

import java.util.UUID;

import org.reliablemessaging.sample.inventory.StockService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What was decided for an order, for a verifier to hold against the order's status. */
@RestController
@RequestMapping("/reservations")
class ReservationController {

    private final StockService stock;

    ReservationController(StockService stock) {
        this.stock = stock;
    }

    @GetMapping("/{orderId}")
    ReservationView find(@PathVariable UUID orderId) {
        return ReservationView.of(stock.reservation(orderId));
    }
}
