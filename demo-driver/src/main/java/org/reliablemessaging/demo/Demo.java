package org.reliablemessaging.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The standalone demo: both sample services on the file broker and H2, customers ordering at once, the
 * inventory service killed with kill -9 midway and restarted, then the books of both services checked
 * against each other.
 */
final class Demo {

    /** The SKUs the customers order; the inventory starts with the same stock of each. */
    static final List<String> SKUS = List.of("red-mug", "blue-mug", "teapot", "spoon");

    /** A SKU the inventory does not stock, ordered after the verification to leave dead letters for the console. */
    private static final String UNSTOCKED_SKU = "gift-card";

    private static final int UNSTOCKED_ORDERS = 3;

    private final Options options;

    private final Service orderService;

    private final Service inventoryService;

    private final ShopClient shop;

    private final Console console = new Console();

    Demo(Options options) {
        this.options = options;
        Path logs = options.dataDir().resolve("logs");
        this.orderService = new Service("order service", options.orderJar(), options.orderPort(), logs, options.dataDir(),
                List.of("--sample.data-dir=" + options.dataDir().toAbsolutePath(),
                        "--reliable-messaging.file.embedded.server.port=" + options.brokerPort(),
                        "--orders.payment-timeout=" + options.paymentTimeout().toSeconds() + "s"));
        this.inventoryService = new Service("inventory service", options.inventoryJar(), options.inventoryPort(), logs,
                options.dataDir(),
                List.of("--sample.data-dir=" + options.dataDir().toAbsolutePath(),
                        "--reliable-messaging.file.client.port=" + options.brokerPort(),
                        "--inventory.unknown-sku=dead-letter"));
        this.shop = new ShopClient(new Http(), orderService.url(), inventoryService.url());
    }

    /** Runs the demo; true if the books balance. */
    boolean run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServices));
        System.out.printf("Reliable Messaging demo: two services, the file broker and H2; nothing else installed.%n");
        System.out.printf("  data and logs in %s%n%n", options.dataDir());

        console.step("Starting the order service on :%d (it embeds the file broker and serves it on :%d)",
                options.orderPort(), options.brokerPort());
        orderService.start();
        console.step("Starting the inventory service on :%d (a client of that broker)", options.inventoryPort());
        inventoryService.start();
        console.step("Stock set: %s", shop.setStock(SKUS, options.initialStock()));

        Orders orders = new Orders(shop, options, SKUS);
        console.step("%d customers place %d orders over %d SKUs; some cancel theirs", options.customers(),
                options.orders(), SKUS.size());
        Future<?> ordering = orders.placeAll();
        Wait.until(Duration.ofMinutes(5), () -> orders.placed() >= options.orders() * 2 / 5 || ordering.isDone());
        killAndRestartTheInventoryWhileAnOrderExpires(orders);
        Orders.await(ordering);
        console.step("All %d orders placed, the expiring one included; %d cancelled by their customers%s",
                orders.all().size(), orders.cancelledByCustomers(), orders.refused() == 0 ? ""
                        : "; %d refused by the order service (5xx: nothing committed)".formatted(orders.refused()));

        Duration settling = awaitSettled(orders);
        Verification verification = Verification.of(Books.read(shop, orders.all()), options.initialStock());
        System.out.println();
        verification.print(settling, console.elapsed(), "a kill -9");
        leaveDeadLettersForTheConsole();
        stopServices();
        System.out.printf("%nLogs: %s%n", options.dataDir().resolve("logs"));
        return verification.balanced();
    }

    /**
     * Kills the inventory service with SIGKILL while the customers go on ordering, places one order while
     * it is down, waits until that order cancels itself (its payment deadline, a delayed message), and
     * starts the inventory service again on the same data.
     */
    private void killAndRestartTheInventoryWhileAnOrderExpires(Orders orders) throws Exception {
        console.step("kill -9 the inventory service (pid %d) after %d orders; customers go on ordering up to %d",
                inventoryService.pid(), orders.placed(), orders.heldBackFrom());
        inventoryService.kill();

        Orders.Placed expiring = orders.placeOne(SKUS.get(0), 1, "late-payer");
        if (expiring == null) {
            throw new DemoFailed("the order service refused the order placed while the inventory is down; see "
                    + options.dataDir().resolve("logs"));
        }
        long placedAt = System.nanoTime();
        Console.detail("order %s placed while the inventory is down; payment timeout %ds", expiring.id(),
                options.paymentTimeout().toSeconds());
        Wait.until(options.paymentTimeout().plusMinutes(1), () -> "CANCELLED".equals(orders.status(expiring.id())));
        Console.detail("order %s cancelled itself after %s: %s", expiring.id(),
                Console.seconds(System.nanoTime() - placedAt), orders.reason(expiring.id()));

        console.step("Restarting the inventory service (%d orders placed so far)", orders.placed());
        inventoryService.start();
        orders.inventoryIsBack();
    }

    /**
     * Once the books are checked, orders a SKU the inventory does not stock, which it refuses for good: dead
     * letters, so that the operations console has something to show. They come after the verification, so they
     * are not in its books; their orders stay pending until their payment deadline cancels them.
     */
    private void leaveDeadLettersForTheConsole() {
        console.step("Leaving %d dead letters for the console: orders for '%s', which the inventory does not stock",
                UNSTOCKED_ORDERS, UNSTOCKED_SKU);
        for (int i = 0; i < UNSTOCKED_ORDERS; i++) {
            shop.place(new ShopClient.NewOrder("console-visitor", UNSTOCKED_SKU, 1));
        }
        try {
            Wait.until(Duration.ofSeconds(30), () -> shop.deadLetters(shop.inventoryUrl()) >= UNSTOCKED_ORDERS);
        }
        catch (DemoFailed ex) {
            Console.detail("the inventory has %d of them after 30 s", shop.deadLetters(shop.inventoryUrl()));
        }
        System.out.printf("%nOperations console: %s/messaging (orders) and %s/messaging (inventory: its dead letters)%n"
                + "  user admin (operates) or viewer (reads only), password demo%n", orderService.url(),
                inventoryService.url());
        if (System.getenv("CI") == null && System.console() != null) {
            System.out.printf("Press Enter to stop the services.%n");
            System.console().readLine();
        }
    }

    /** Waits until no order is pending and the stock stays as the confirmed orders leave it. */
    private Duration awaitSettled(Orders orders) {
        console.step("Waiting for both services to settle");
        long start = System.nanoTime();
        try {
            Wait.until(Duration.ofMinutes(2), () -> shop.settled(orders.all().size(), 0) && Wait.pause(1000)
                    && shop.settled(orders.all().size(), 0));
        }
        catch (DemoFailed ex) {
            Console.detail("not settled after 2 minutes: checking the books as they are");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void stopServices() {
        inventoryService.stop();
        orderService.stop();
    }
}
