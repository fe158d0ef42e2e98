import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The standalone demo: both sample services on the file broker and H2, customers ordering at once, the
 * inventory service killed with kill -9 midway and restarted, then the books of both services checked
 * against each other. Run by {@code bin/demo} (and, with a fault plan, {@code bin/chaos}), which build the
 * jars and compile this directory first (bin/lib/driver.sh):
 *
 * <pre>java -cp CLASSES Demo --order-jar J --inventory-jar J --data-dir D [--short] [--orders N] [--customers N]
 *      [--order-port P] [--inventory-port P] [--broker-port P]</pre>
 *
 * Exits 0 when the books balance, 1 when they do not, 2 when the demo could not run.
 */
final class Demo {

    public static void main(String[] args) {
        int status;
        try {
            Options options = Options.parse(args);
            status = (options.chaos() ? new Chaos(options).run() : new Demo(options).run()) ? 0 : 1;
        }
        catch (DemoFailed ex) {
            System.out.println();
            System.out.println("✗ " + ex.getMessage());
            status = 2;
        }
        catch (Exception ex) {
            System.out.println();
            System.out.println("✗ The demo failed: " + ex);
            ex.printStackTrace(System.out);
            status = 2;
        }
        System.exit(status);
    }

    static final List<String> SKUS = List.of("red-mug", "blue-mug", "teapot", "spoon");

    private final Options options;

    private final Http http = new Http();

    private final Service orderService;

    private final Service inventoryService;

    private final long startNanos = System.nanoTime();

    Demo(Options options) {
        this.options = options;
        Path logs = options.dataDir().resolve("logs");
        this.orderService = new Service("order service", options.orderJar(), options.orderPort(), logs, options.dataDir(),
                List.of("--sample.data-dir=" + options.dataDir().toAbsolutePath(),
                        "--reliable-messaging.file.server.port=" + options.brokerPort(),
                        "--orders.payment-timeout=" + options.paymentTimeout().toSeconds() + "s"));
        this.inventoryService = new Service("inventory service", options.inventoryJar(), options.inventoryPort(), logs,
                options.dataDir(),
                List.of("--sample.data-dir=" + options.dataDir().toAbsolutePath(),
                        "--reliable-messaging.file.port=" + options.brokerPort()));
    }

    /** Runs the demo; true if the books balance. */
    boolean run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServices));
        System.out.printf("Reliable Messaging demo: two services, the file broker and H2; nothing else installed.%n");
        System.out.printf("  data and logs in %s%n%n", options.dataDir());

        step("Starting the order service on :%d (it embeds the file broker and serves it on :%d)",
                options.orderPort(), options.brokerPort());
        orderService.start();
        step("Starting the inventory service on :%d (a client of that broker)", options.inventoryPort());
        inventoryService.start();
        setStock();

        Orders orders = new Orders(http, orderService.url(), options, SKUS);
        step("%d customers place %d orders over %d SKUs; some cancel theirs", options.customers(), options.orders(),
                SKUS.size());
        Future<?> ordering = orders.placeAll();
        awaitCondition(Duration.ofMinutes(5), () -> orders.placed() >= options.orders() * 2 / 5 || ordering.isDone());
        killAndRestartTheInventoryWhileAnOrderExpires(orders);
        awaitCustomers(ordering);
        step("All %d orders placed, the expiring one included; %d cancelled by their customers%s",
                orders.all().size(), orders.cancelledByCustomers(), orders.refused() == 0 ? ""
                        : "; %d refused by the order service (5xx: nothing committed)".formatted(orders.refused()));

        Duration settling = awaitSettled(orders);
        Verification verification = Verification.of(http, orderService.url(), inventoryService.url(), orders,
                options.initialStock());
        System.out.println();
        verification.print(settling, Duration.ofNanos(System.nanoTime() - startNanos));
        stopServices();
        System.out.printf("%nLogs: %s%n", options.dataDir().resolve("logs"));
        return verification.balanced();
    }

    static void awaitCustomers(Future<?> ordering) throws InterruptedException {
        try {
            ordering.get();
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof DemoFailed failed ? failed : new IllegalStateException(ex.getCause());
        }
    }

    private void setStock() {
        step("Stock set: %s", setStock(http, inventoryService.url(), SKUS, options.initialStock()));
    }

    static Map<String, Integer> setStock(Http http, String inventoryUrl, List<String> skus, int available) {
        Map<String, Integer> stock = new LinkedHashMap<>();
        skus.forEach(sku -> stock.put(sku, available));
        stock.forEach((sku, quantity) -> http.send("PUT", inventoryUrl + "/inventory/" + sku,
                "{\"available\":" + quantity + "}"));
        return stock;
    }

    /**
     * Kills the inventory service with SIGKILL while the customers go on ordering, places one order while
     * it is down, waits until that order cancels itself (its payment deadline, a delayed message), and
     * starts the inventory service again on the same data.
     */
    private void killAndRestartTheInventoryWhileAnOrderExpires(Orders orders) throws Exception {
        step("kill -9 the inventory service (pid %d) after %d orders; customers go on ordering up to %d",
                inventoryService.pid(), orders.placed(), orders.heldBackFrom());
        inventoryService.kill();

        Orders.Placed expiring = orders.placeOne(SKUS.get(0), 1, "late-payer");
        if (expiring == null) {
            throw new DemoFailed("the order service refused the order placed while the inventory is down; see "
                    + options.dataDir().resolve("logs"));
        }
        long placedAt = System.nanoTime();
        detail("order %s placed while the inventory is down; payment timeout %ds", expiring.id(),
                options.paymentTimeout().toSeconds());
        awaitCondition(options.paymentTimeout().plusMinutes(1),
                () -> "CANCELLED".equals(orders.status(expiring.id())));
        detail("order %s cancelled itself after %s: %s", expiring.id(), seconds(System.nanoTime() - placedAt),
                orders.reason(expiring.id()));

        step("Restarting the inventory service (%d orders placed so far)", orders.placed());
        inventoryService.start();
        orders.inventoryIsBack();
    }

    /** Waits until no order is pending and the stock stays as the confirmed orders leave it. */
    private Duration awaitSettled(Orders orders) {
        step("Waiting for both services to settle");
        long start = System.nanoTime();
        try {
            awaitCondition(Duration.ofMinutes(2), () -> settled(orders.all().size()) && pause(1000)
                    && settled(orders.all().size()));
        }
        catch (DemoFailed ex) {
            detail("not settled after 2 minutes: checking the books as they are");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private boolean settled(int orderCount) {
        return settled(http, orderService.url(), inventoryService.url(), orderCount, 0);
    }

    /**
     * No order pending, as many orders as placed (up to {@code unseen} more: placed while the order service
     * died answering), and the inventory holding what the confirmed orders hold.
     */
    static boolean settled(Http http, String orderUrl, String inventoryUrl, int orderCount, int unseen) {
        Json stats = http.get(orderUrl + "/orders/stats");
        Json byStatus = stats.get("byStatus");
        long total = byStatus.asMap().values().stream().mapToLong(value -> ((Number) value).longValue()).sum();
        if (byStatus.get("PENDING").asLong() != 0 || total < orderCount || total > orderCount + unseen) {
            return false;
        }
        Json confirmed = stats.get("confirmedQuantityBySku");
        for (Json item : http.get(inventoryUrl + "/inventory").asList()) {
            long reserved = confirmed.has(item.get("sku").asString())
                    ? confirmed.get(item.get("sku").asString()).asLong() : 0;
            if (item.get("reserved").asLong() != reserved) {
                return false;
            }
        }
        return true;
    }

    private void stopServices() {
        inventoryService.stop();
        orderService.stop();
    }

    private void step(String format, Object... arguments) {
        System.out.printf("%6s  %s%n", seconds(System.nanoTime() - startNanos), format.formatted(arguments));
    }

    static void detail(String format, Object... arguments) {
        System.out.printf("%6s    %s%n", "", format.formatted(arguments));
    }

    static String seconds(long nanos) {
        return "%.1fs".formatted(nanos / 1e9);
    }

    static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    static void awaitCondition(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new DemoFailed("gave up waiting after " + timeout.toSeconds() + "s");
            }
            pause(200);
        }
    }

}
