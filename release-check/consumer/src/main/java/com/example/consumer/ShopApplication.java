package com.example.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain Spring Boot + JPA service that follows the README's "Getting started in an existing service": it places
 * one order and exits 0 once its listener handled the order's message, 1 if that does not happen within a minute.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) throws InterruptedException {
        try (ConfigurableApplicationContext context = SpringApplication.run(ShopApplication.class, args)) {
            PurchaseOrder order = context.getBean(OrderService.class).place("sku-1", 2);
            boolean shipped = context.getBean(Shipping.class).awaitShipped(order.getId());
            System.out.println(shipped ? "CONSUMER OK: order " + order.getId() + " published, relayed and handled"
                    : "CONSUMER FAILED: order " + order.getId() + " not handled within a minute");
            System.exit(shipped ? 0 : 1);
        }
    }
}
