package org.reliablemessaging.sample.order.web;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.reliablemessaging.sample.order.OrderService;
import org.reliablemessaging.sample.order.OrderStats;
import org.reliablemessaging.sample.order.domain.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The orders over HTTP: place, look up, cancel, and the counts a verifier needs. */
@RestController
@RequestMapping("/orders")
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping
    ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderRequest request) {
        Order order = orders.place(request.customerId(), request.sku(), request.quantity());
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(order.id())
            .toUri();
        return ResponseEntity.created(location).body(OrderView.of(order));
    }

    @GetMapping("/{id}")
    OrderView find(@PathVariable UUID id) {
        return OrderView.of(orders.find(id));
    }

    @PostMapping("/{id}/cancel")
    OrderView cancel(@PathVariable UUID id) {
        return OrderView.of(orders.cancel(id));
    }

    @GetMapping("/stats")
    OrderStats stats() {
        return orders.stats();
    }
}
