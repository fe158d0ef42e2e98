import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The standalone demo: both sample services on the file broker and H2, customers ordering at once, the
 * inventory service killed with kill -9 midway and restarted, then the books of both services checked
 * against each other. Run by {@code bin/demo}, which builds the jars first:
 *
 * <pre>java bin/Demo.java --order-jar J --inventory-jar J --data-dir D [--short] [--orders N] [--customers N]
 *      [--order-port P] [--inventory-port P] [--broker-port P]</pre>
 *
 * Exits 0 when the books balance, 1 when they do not, 2 when the demo could not run.
 */
public class Demo {

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
        Path logs = options.dataDir.resolve("logs");
        this.orderService = new Service("order service", options.orderJar, options.orderPort, logs, options.dataDir,
                List.of("--sample.data-dir=" + options.dataDir.toAbsolutePath(),
                        "--reliable-messaging.file.server.port=" + options.brokerPort,
                        "--orders.payment-timeout=" + options.paymentTimeout.toSeconds() + "s"));
        this.inventoryService = new Service("inventory service", options.inventoryJar, options.inventoryPort, logs,
                options.dataDir,
                List.of("--sample.data-dir=" + options.dataDir.toAbsolutePath(),
                        "--reliable-messaging.file.port=" + options.brokerPort));
    }

    /** Runs the demo; true if the books balance. */
    boolean run() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServices));
        System.out.printf("Reliable Messaging demo: two services, the file broker and H2; nothing else installed.%n");
        System.out.printf("  data and logs in %s%n%n", options.dataDir);

        step("Starting the order service on :%d (it embeds the file broker and serves it on :%d)",
                options.orderPort, options.brokerPort);
        orderService.start();
        step("Starting the inventory service on :%d (a client of that broker)", options.inventoryPort);
        inventoryService.start();
        setStock();

        Orders orders = new Orders(http, orderService.url(), options, SKUS);
        step("%d customers place %d orders over %d SKUs; some cancel theirs", options.customers, options.orders,
                SKUS.size());
        Future<?> ordering = orders.placeAll();
        awaitCondition(Duration.ofMinutes(5), () -> orders.placed() >= options.orders * 2 / 5 || ordering.isDone());
        killAndRestartTheInventoryWhileAnOrderExpires(orders);
        awaitCustomers(ordering);
        step("All %d orders placed, the expiring one included; %d cancelled by their customers%s",
                orders.all().size(), orders.cancelledByCustomers(), orders.refused() == 0 ? ""
                        : "; %d refused by the order service (5xx: nothing committed)".formatted(orders.refused()));

        Duration settling = awaitSettled(orders);
        Verification verification = Verification.of(http, orderService.url(), inventoryService.url(), orders,
                options.initialStock);
        System.out.println();
        verification.print(settling, Duration.ofNanos(System.nanoTime() - startNanos));
        stopServices();
        System.out.printf("%nLogs: %s%n", options.dataDir.resolve("logs"));
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
        step("Stock set: %s", setStock(http, inventoryService.url(), SKUS, options.initialStock));
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
                    + options.dataDir.resolve("logs"));
        }
        long placedAt = System.nanoTime();
        detail("order %s placed while the inventory is down; payment timeout %ds", expiring.id(),
                options.paymentTimeout.toSeconds());
        awaitCondition(options.paymentTimeout.plusMinutes(1),
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

    private static void detail(String format, Object... arguments) {
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

    /** What went wrong, in a sentence for the reader; the demo stops. */
    static class DemoFailed extends RuntimeException {

        DemoFailed(String message) {
            super(message);
        }
    }

    /** No answer from a service: refused (nothing done) or cut off (the request may have been carried out). */
    static final class Unanswered extends DemoFailed {

        final boolean maybeCarriedOut;

        Unanswered(String message, boolean maybeCarriedOut) {
            super(message);
            this.maybeCarriedOut = maybeCarriedOut;
        }
    }

    /** The command line, with the defaults of a full and a short run. */
    record Options(Path orderJar, Path inventoryJar, Path dataDir, int orders, int customers, int initialStock,
            Duration paymentTimeout, int orderPort, int inventoryPort, int brokerPort, List<String> faults,
            String transport, int runs, int faultsPerRun, int injections, long seed, Path report, Path brokerJar,
            Path sidecarJar) {

        /** With a fault plan the driver runs the fault-injection harness ({@link Chaos}) instead of the demo. */
        boolean chaos() {
            return !faults.isEmpty();
        }

        static Options parse(String[] args) {
            Map<String, String> values = new TreeMap<>();
            boolean shortRun = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--short")) {
                    shortRun = true;
                }
                else if (args[i].startsWith("--") && i + 1 < args.length) {
                    values.put(args[i].substring(2), args[++i]);
                }
                else {
                    throw new DemoFailed("unknown argument " + args[i] + "; see the top of bin/demo for the options");
                }
            }
            List<String> faults = values.containsKey("faults")
                    ? List.of(values.get("faults").split(",")).stream().map(String::trim).filter(f -> !f.isEmpty())
                        .toList()
                    : List.of();
            boolean chaos = !faults.isEmpty();
            int orders = Integer.parseInt(values.getOrDefault("orders", shortRun ? "80" : chaos ? "150" : "300"));
            // Under faults a restart can take longer than a payment deadline: a longer one keeps most orders
            // to the reservation path (a cancelled order must still give its stock back, which is checked).
            String paymentTimeout = values.getOrDefault("payment-timeout", chaos ? "30" : "5");
            return new Options(required(values, "order-jar"), required(values, "inventory-jar"),
                    required(values, "data-dir"), orders,
                    Integer.parseInt(values.getOrDefault("customers", shortRun ? "6" : "8")),
                    // Less than the orders ask for (3 each on average): the last orders of a SKU are rejected.
                    Math.max(5, orders * 7 / 16),
                    Duration.ofSeconds(Long.parseLong(paymentTimeout)),
                    port(values, "order-port", 8081), port(values, "inventory-port", 8082),
                    port(values, "broker-port", 7420), faults, values.getOrDefault("transport", "file"),
                    Integer.parseInt(values.getOrDefault("runs", "1")),
                    Integer.parseInt(values.getOrDefault("faults-per-run", Integer.toString(faults.size()))),
                    Integer.parseInt(values.getOrDefault("injections", "2")),
                    Long.parseLong(values.getOrDefault("seed", Long.toString(System.currentTimeMillis()))),
                    values.containsKey("report") ? Path.of(values.get("report")) : null,
                    values.containsKey("broker-jar") ? Path.of(values.get("broker-jar")) : null,
                    values.containsKey("sidecar-jar") ? Path.of(values.get("sidecar-jar")) : null);
        }

        /** A port nothing listens on now. */
        static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
            catch (IOException ex) {
                throw new DemoFailed("no free port: " + ex.getMessage());
            }
        }

        /** How long the customers would take to place all orders, were it not for the inventory's restart. */
        Duration orderingTime() {
            return Duration.ofMillis(Math.max(20_000, orders * 150L));
        }

        private static Path required(Map<String, String> values, String name) {
            String value = values.get(name);
            if (value == null) {
                throw new DemoFailed("--" + name + " is required (bin/demo passes it)");
            }
            return Path.of(value);
        }

        /** The given port, or the usual one if it is free, or else any free one. */
        private static int port(Map<String, String> values, String name, int usual) {
            if (values.containsKey(name)) {
                int port = Integer.parseInt(values.get(name));
                if (!free(port)) {
                    throw new DemoFailed("port " + port + " (--" + name + ") is taken");
                }
                return port;
            }
            if (free(usual)) {
                return usual;
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
            catch (IOException ex) {
                throw new DemoFailed("no free port: " + ex.getMessage());
            }
        }

        private static boolean free(int port) {
            try (ServerSocket socket = new ServerSocket(port)) {
                return true;
            }
            catch (IOException ex) {
                return false;
            }
        }
    }

    /** One service as a process of its own: started, awaited, killed, stopped. */
    static final class Service {

        private final String name;

        private final Path jar;

        private final int port;

        private final Path log;

        private final Path pidFile;

        private final List<String> arguments;

        private final Http http = new Http();

        private Process process;

        private final Map<String, String> environment;

        private final boolean web;

        Service(String name, Path jar, int port, Path logs, Path dataDir, List<String> arguments) {
            this(name, jar, port, logs, dataDir, arguments, Map.of(), true);
        }

        /**
         * A process from an executable jar: a Spring Boot application ({@code web}: given its port, healthy when
         * Actuator's health is UP) or else a server that is up once its port takes connections.
         */
        Service(String name, Path jar, int port, Path logs, Path dataDir, List<String> arguments,
                Map<String, String> environment, boolean web) {
            this.name = name;
            this.jar = jar;
            this.port = port;
            this.log = logs.resolve(name.replace(' ', '-') + ".log");
            this.pidFile = dataDir.resolve(name.replace(' ', '-') + ".pid");
            this.arguments = arguments;
            this.environment = environment;
            this.web = web;
        }

        String name() {
            return name;
        }

        String url() {
            return "http://localhost:" + port;
        }

        long pid() {
            return process.pid();
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        /** Starts the service, appending to its log, and waits until its health is UP. */
        void start() throws IOException {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
            if (web) {
                command.addAll(List.of("--server.port=" + port, "--spring.security.user.password=demo"));
            }
            command.addAll(arguments);
            long start = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            process = builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            awaitHealthy();
            detail("%s up in %s (pid %d)", name, seconds(System.nanoTime() - start), process.pid());
        }

        private void awaitHealthy() {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!healthy()) {
                if (!process.isAlive()) {
                    forgetPid();
                    throw new DemoFailed("the " + name + " stopped at start-up (exit " + process.exitValue()
                            + "); the end of " + log + ":\n" + tail(log, 30));
                }
                if (System.nanoTime() > deadline) {
                    throw new DemoFailed("the " + name + " did not come up within 3 minutes; see " + log);
                }
                pause(250);
            }
        }

        private boolean healthy() {
            if (!web) {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                }
                catch (IOException ex) {
                    return false;
                }
            }
            try {
                // 200 when UP, 503 when DOWN or OUT_OF_SERVICE
                return http.status("GET", url() + "/actuator/health") == 200;
            }
            catch (DemoFailed ex) {
                return false;
            }
        }

        /** kill -9: the process gets no chance to finish anything. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            forgetPid();
        }

        /** A graceful stop (SIGTERM), forced after 30 seconds. */
        void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                forgetPid();
            }
            catch (InterruptedException ex) {
                process.destroyForcibly();
            }
        }

        private void forgetPid() {
            try {
                Files.deleteIfExists(pidFile);
            }
            catch (IOException ex) {
                // bin/demo checks the command line of a pid before it stops it
            }
        }

        private static String tail(Path file, int lines) {
            try {
                List<String> all = Files.readAllLines(file);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            }
            catch (IOException ex) {
                return "(cannot read it: " + ex.getMessage() + ")";
            }
        }
    }

    /**
     * The customers: they place orders at a steady pace from several threads, and cancel some. The last
     * 40% wait until the inventory service is back from its kill, so that some orders come after it
     * however long its restart takes.
     */
    static final class Orders {

        record Placed(String id, String sku, int quantity) {
        }

        private final Http http;

        private final String url;

        private final Options options;

        private final List<String> skus;

        private final ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();

        private final AtomicInteger cancelledByCustomers = new AtomicInteger();

        private final AtomicInteger refused = new AtomicInteger();

        private final ScheduledExecutorService lateCancels = Executors.newSingleThreadScheduledExecutor();

        private final CountDownLatch inventoryBack = new CountDownLatch(1);

        private final AtomicInteger uncertain = new AtomicInteger();

        Orders(Http http, String url, Options options, List<String> skus) {
            this.http = http;
            this.url = url;
            this.options = options;
            this.skus = skus;
            if (options.chaos()) {
                // Under the fault plan nobody waits: faults come at any moment.
                inventoryBack.countDown();
            }
        }

        /** Starts the customers; the future completes once every order is placed and every cancel sent. */
        Future<?> placeAll() {
            AtomicInteger next = new AtomicInteger();
            long pauseMillis = options.orderingTime().toMillis() * options.customers() / options.orders();
            ExecutorService customers = Executors.newFixedThreadPool(options.customers());
            List<Future<?>> running = new ArrayList<>();
            for (int customer = 0; customer < options.customers(); customer++) {
                Random random = new Random(customer);
                String name = "customer-" + customer;
                running.add(customers.submit(() -> {
                    for (int n = next.getAndIncrement(); n < options.orders(); n = next.getAndIncrement()) {
                        if (n >= heldBackFrom()) {
                            inventoryBack.await();
                        }
                        placeAndMaybeCancel(name, random);
                        pause(pauseMillis / 2 + random.nextLong(pauseMillis));
                    }
                    return null;
                }));
            }
            customers.shutdown();
            return Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "customers");
                thread.setDaemon(true);
                return thread;
            }).submit(() -> {
                for (Future<?> customer : running) {
                    customer.get();
                }
                lateCancels.shutdown();
                lateCancels.awaitTermination(1, TimeUnit.MINUTES);
                return null;
            });
        }

        /** One order in five is cancelled: half at once, half a moment later, when it may be confirmed. */
        private void placeAndMaybeCancel(String customer, Random random) {
            String sku = skus.get(random.nextInt(skus.size()));
            int quantity = 1 + random.nextInt(5);
            Placed placed = placeOne(sku, quantity, customer);
            // Under faults, a customer whose order was refused (nothing committed) tries again a moment later.
            for (int attempt = 0; placed == null && options.chaos() && attempt < 100; attempt++) {
                pause(1000);
                placed = placeOne(sku, quantity, customer);
            }
            Placed order = placed;
            int dice = random.nextInt(10);
            if (order == null) {
                return;
            }
            if (dice == 0) {
                cancel(order);
            }
            else if (dice == 1) {
                lateCancels.schedule(() -> cancel(order), 300 + random.nextInt(1200), TimeUnit.MILLISECONDS);
            }
        }

        /** The number of orders after which the customers wait for the inventory service to be back. */
        int heldBackFrom() {
            return options.orders() * 3 / 5;
        }

        void inventoryIsBack() {
            inventoryBack.countDown();
        }

        /**
         * Places an order; null if the service refused it with a 5xx (its transaction rolled back: no order,
         * no message), which is counted.
         */
        Placed placeOne(String sku, int quantity, String customer) {
            Json order;
            try {
                order = http.sendUnlessServerError("POST", url + "/orders",
                        "{\"customerId\":\"%s\",\"sku\":\"%s\",\"quantity\":%d}".formatted(customer, sku, quantity));
            }
            catch (Unanswered ex) {
                if (!options.chaos()) {
                    throw ex;
                }
                // The order service is down, or went down while answering: then the order may exist unseen.
                if (ex.maybeCarriedOut) {
                    uncertain.incrementAndGet();
                }
                order = null;
            }
            if (order == null) {
                refused.incrementAndGet();
                return null;
            }
            Placed result = new Placed(order.get("id").asString(), sku, quantity);
            placed.add(result);
            return result;
        }

        /** Cancels an order; one already rejected or cancelled answers 409, and stays as it is. */
        private void cancel(Placed order) {
            try {
                if (http.status("POST", url + "/orders/" + order.id() + "/cancel") == 200) {
                    cancelledByCustomers.incrementAndGet();
                }
            }
            catch (Unanswered ex) {
                if (!options.chaos()) {
                    throw ex;
                }
                // The customer gave up on cancelling; the books tell what became of the order.
            }
        }

        /** Orders whose placing was cut off mid-answer: they may exist without the customers knowing them. */
        int uncertain() {
            return uncertain.get();
        }

        String status(String id) {
            return http.get(url + "/orders/" + id).get("status").asString();
        }

        String reason(String id) {
            return http.get(url + "/orders/" + id).get("reason").asString();
        }

        int placed() {
            return placed.size();
        }

        List<Placed> all() {
            return List.copyOf(placed);
        }

        int cancelledByCustomers() {
            return cancelledByCustomers.get();
        }

        int refused() {
            return refused.get();
        }
    }

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

        static Verification of(Http http, String orderUrl, String inventoryUrl, Orders orders, int initialStock) {
            Map<String, Integer> byStatus = new TreeMap<>();
            Map<String, Long> heldOutOfOrder = new TreeMap<>();
            List<String> disagreements = new ArrayList<>();
            List<String> outOfOrder = new ArrayList<>();
            for (Orders.Placed order : orders.all()) {
                Json found = http.getOrNull(orderUrl + "/orders/" + order.id());
                String status = found == null ? "MISSING" : found.get("status").asString();
                byStatus.merge(status, 1, Integer::sum);
                String reservation = reservation(http, inventoryUrl, order.id());
                if (status.equals("CANCELLED") && reservation.equals("RESERVED")) {
                    heldOutOfOrder.merge(order.sku(), (long) order.quantity(), Long::sum);
                    outOfOrder.add("order " + order.id() + " is CANCELLED, its stock still RESERVED");
                }
                else if (!agree(status, reservation)) {
                    disagreements.add("order " + order.id() + " is " + status + ", its stock " + reservation);
                }
            }
            // The order service's own count of what it confirmed (orders placed unseen, cut off mid-answer, included).
            Json stats = http.get(orderUrl + "/orders/stats");
            Map<String, Long> confirmedBySku = new TreeMap<>();
            stats.get("confirmedQuantityBySku").asMap()
                .forEach((sku, quantity) -> confirmedBySku.put(sku, ((Number) quantity).longValue()));
            Map<String, Long> byReason = new TreeMap<>();
            stats.get("cancelledByReason").asMap()
                .forEach((reason, count) -> byReason.put(reason, ((Number) count).longValue()));
            List<SkuLine> stock = new ArrayList<>();
            for (Json item : http.get(inventoryUrl + "/inventory").asList()) {
                String sku = item.get("sku").asString();
                stock.add(new SkuLine(sku, initialStock, confirmedBySku.getOrDefault(sku, 0L),
                        item.get("available").asLong(), item.get("reserved").asLong(),
                        heldOutOfOrder.getOrDefault(sku, 0L)));
            }
            return new Verification(byStatus, byReason, stock, disagreements, outOfOrder,
                    duplicates(http, inventoryUrl), duplicates(http, orderUrl),
                    deadLetters(http, orderUrl) + deadLetters(http, inventoryUrl));
        }

        private static String reservation(Http http, String inventoryUrl, String orderId) {
            Json reservation = http.getOrNull(inventoryUrl + "/reservations/" + orderId);
            return reservation == null ? "never heard of" : reservation.get("state").asString();
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

        /** Messages the listeners' idempotency guards skipped since the service (re)started. */
        private static long duplicates(Http http, String url) {
            Json metric = http.getOrNull(url + "/actuator/metrics/reliable.messaging.listener.duplicates");
            return metric == null ? 0 : metric.get("measurements").asList().get(0).get("value").asLong();
        }

        private static long deadLetters(Http http, String url) {
            return http.get(url + "/actuator/deadletters").get("count").asLong();
        }

        boolean balanced() {
            return disagreements.isEmpty() && outOfOrder.isEmpty() && deadLetters == 0
                    && stock.stream().allMatch(SkuLine::balanced);
        }

        void print(Duration settling, Duration total) {
            int orders = byStatus.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("Verification (settled in %s, %s in all)%n%n", seconds(settling.toNanos()),
                    seconds(total.toNanos()));
            System.out.printf("  Orders: %d%n", orders);
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
                    ? "✓ The books balance: no message lost, none applied twice, through a kill -9."
                    : "✗ The books do NOT balance.");
        }

        private String reasons() {
            StringBuilder text = new StringBuilder("(");
            cancelledByReason.forEach((reason, count) -> text.append(text.length() > 1 ? ", " : "")
                .append(reason).append(": ").append(count));
            return text.append(")").toString();
        }
    }

    /** JSON over HTTP with the JDK's client; any failure is a {@link DemoFailed}. */
    static final class Http {

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Json get(String url) {
            Json body = getOrNull(url);
            if (body == null) {
                throw new DemoFailed("GET " + url + " answered 404");
            }
            return body;
        }

        /** The body, or null for a 404. */
        Json getOrNull(String url) {
            HttpResponse<String> response = exchange("GET", url, null);
            return response.statusCode() == 404 ? null : Json.parse(expectSuccess("GET", url, response).body());
        }

        Json send(String method, String url, String body) {
            return Json.parse(expectSuccess(method, url, exchange(method, url, body)).body());
        }

        /** The body, or null for a 5xx answer. */
        Json sendUnlessServerError(String method, String url, String body) {
            HttpResponse<String> response = exchange(method, url, body);
            return response.statusCode() >= 500 ? null : Json.parse(expectSuccess(method, url, response).body());
        }

        int status(String method, String url) {
            return exchange(method, url, null).statusCode();
        }

        private HttpResponse<String> exchange(String method, String url, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else {
                request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            try {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            catch (ConnectException ex) {
                throw new Unanswered(method + " " + url + ": nothing answers", false);
            }
            catch (IOException ex) {
                // The connection broke or timed out after the request went out: it may have been carried out.
                throw new Unanswered(method + " " + url + ": " + ex, true);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new DemoFailed("interrupted");
            }
        }

        private static HttpResponse<String> expectSuccess(String method, String url, HttpResponse<String> response) {
            if (response.statusCode() / 100 != 2) {
                throw new DemoFailed(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        }
    }

    /**
     * A JSON value, parsed by the book (RFC 8259): objects, arrays, strings with escapes, numbers, true,
     * false and null. Objects become maps, arrays lists, numbers {@code Long} or {@code Double}.
     */
    record Json(Object value) {

        static Json parse(String text) {
            Parser parser = new Parser(text);
            Object value = parser.value();
            parser.skipWhitespace();
            if (parser.position < text.length()) {
                throw parser.error("trailing characters");
            }
            return new Json(value);
        }

        Json get(String name) {
            Object member = asMap().get(name);
            if (member == null && !asMap().containsKey(name)) {
                throw new DemoFailed("no \"" + name + "\" in " + value);
            }
            return new Json(member);
        }

        boolean has(String name) {
            return asMap().containsKey(name);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> asMap() {
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw new DemoFailed("not a JSON object: " + value);
        }

        List<Json> asList() {
            if (value instanceof List<?> list) {
                return list.stream().map(Json::new).toList();
            }
            throw new DemoFailed("not a JSON array: " + value);
        }

        String asString() {
            return value == null ? null : value.toString();
        }

        long asLong() {
            if (value instanceof Number number) {
                return Math.round(number.doubleValue());
            }
            throw new DemoFailed("not a JSON number: " + value);
        }

        private static final class Parser {

            private final String text;

            private int position;

            Parser(String text) {
                this.text = text;
            }

            Object value() {
                skipWhitespace();
                if (position >= text.length()) {
                    throw error("unexpected end");
                }
                char next = text.charAt(position);
                return switch (next) {
                    case '{' -> object();
                    case '[' -> array();
                    case '"' -> string();
                    case 't' -> literal("true", Boolean.TRUE);
                    case 'f' -> literal("false", Boolean.FALSE);
                    case 'n' -> literal("null", null);
                    default -> number();
                };
            }

            private Map<String, Object> object() {
                Map<String, Object> members = new LinkedHashMap<>();
                expect('{');
                skipWhitespace();
                if (peek('}')) {
                    position++;
                    return members;
                }
                do {
                    skipWhitespace();
                    String name = string();
                    skipWhitespace();
                    expect(':');
                    members.put(name, value());
                    skipWhitespace();
                }
                while (consume(','));
                expect('}');
                return members;
            }

            private List<Object> array() {
                List<Object> elements = new ArrayList<>();
                expect('[');
                skipWhitespace();
                if (peek(']')) {
                    position++;
                    return elements;
                }
                do {
                    elements.add(value());
                    skipWhitespace();
                }
                while (consume(','));
                expect(']');
                return elements;
            }

            private String string() {
                expect('"');
                StringBuilder result = new StringBuilder();
                while (true) {
                    if (position >= text.length()) {
                        throw error("unterminated string");
                    }
                    char next = text.charAt(position++);
                    if (next == '"') {
                        return result.toString();
                    }
                    if (next != '\\') {
                        result.append(next);
                        continue;
                    }
                    char escaped = text.charAt(position++);
                    switch (escaped) {
                        case 'b' -> result.append('\b');
                        case 'f' -> result.append('\f');
                        case 'n' -> result.append('\n');
                        case 'r' -> result.append('\r');
                        case 't' -> result.append('\t');
                        case 'u' -> {
                            result.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                            position += 4;
                        }
                        default -> result.append(escaped);
                    }
                }
            }

            private Number number() {
                int start = position;
                while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                    position++;
                }
                String number = text.substring(start, position);
                if (number.isEmpty()) {
                    throw error("unexpected character");
                }
                return number.matches("-?\\d+") ? (Number) Long.valueOf(number) : (Number) Double.valueOf(number);
            }

            private Object literal(String word, Object value) {
                if (!text.startsWith(word, position)) {
                    throw error("unexpected character");
                }
                position += word.length();
                return value;
            }

            void skipWhitespace() {
                while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                    position++;
                }
            }

            private boolean peek(char expected) {
                return position < text.length() && text.charAt(position) == expected;
            }

            private boolean consume(char expected) {
                if (peek(expected)) {
                    position++;
                    return true;
                }
                return false;
            }

            private void expect(char expected) {
                if (!consume(expected)) {
                    throw error("expected '" + expected + "'");
                }
            }

            DemoFailed error(String problem) {
                String near = text.substring(position, Math.min(text.length(), position + 20));
                return new DemoFailed("malformed JSON at " + position + " (" + problem + "): " + near);
            }
        }
    }
}
