package org.reliablemessaging.sample.inventory.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.reliablemessaging.sample.inventory.StockService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The stock over HTTP: every SKU, one SKU, and setting a SKU's free stock. */
@RestController
@RequestMapping("/inventory")
class InventoryController {

    private final StockService stock;

    InventoryController(StockService stock) {
        this.stock = stock;
    }

    @GetMapping
    List<StockView> findAll() {
        return stock.findAll().stream().map(StockView::of).toList();
    }

    @GetMapping("/{sku}")
    StockView find(@PathVariable String sku) {
        return StockView.of(stock.find(sku));
    }

    @PutMapping("/{sku}")
    StockView setAvailable(@PathVariable @Size(max = 64) String sku, @Valid @RequestBody SetStockRequest request) {
        return StockView.of(stock.setAvailable(sku, request.available()));
    }
}
