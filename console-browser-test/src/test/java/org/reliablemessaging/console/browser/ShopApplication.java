package org.reliablemessaging.console.browser;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A small shop for the browser test: orders on a real database and the file broker, an inventory
 * listener that fails two ways until the catalogue is fixed, a billing listener that keeps retrying
 * one key, and the console with an operator and a reader.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class ShopApplication {

    static final String PASSWORD = "secret";

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("olivia").password("{noop}" + PASSWORD).roles("MESSAGING_OPERATE").build(),
                User.withUsername("reed").password("{noop}" + PASSWORD).roles("MESSAGING_READ").build());
    }

    @Bean
    Inventory inventory() {
        return new Inventory();
    }

    @Bean
    Billing billing() {
        return new Billing();
    }

    @MessageType("order-placed")
    record OrderPlaced(String orderId, String sku, int quantity, String warehouse) {
    }

    /** Fails every order until the catalogue is fixed: unknown SKUs, and a locked stock ledger. */
    static class Inventory {

        final AtomicBoolean fixed = new AtomicBoolean();

        /** Orders reserved, with the warehouse they ship from. */
        final Map<String, String> reserved = new ConcurrentHashMap<>();

        @ReliableListener(topic = "${shop.topic}", group = "inventory", maxAttempts = 1)
        void on(OrderPlaced order) {
            if (!fixed.get() && order.sku().startsWith("ghost-")) {
                throw new UnknownSkuException(order.sku());
            }
            if (!fixed.get() && order.warehouse().equals("w-3")) {
                throw new IllegalStateException("Stock ledger of warehouse " + order.warehouse() + " is locked by batch 4711");
            }
            reserved.put(order.orderId(), order.warehouse());
        }
    }

    /** Keeps retrying the orders of one customer: their key stays held back. */
    static class Billing {

        @ReliableListener(topic = "${shop.topic}", group = "billing", maxAttempts = 1000, backoff = "20s")
        void on(OrderPlaced order) {
            if (order.orderId().startsWith("stuck-")) {
                throw new IllegalStateException("Payment gateway timed out after 30000 ms");
            }
        }
    }
}
