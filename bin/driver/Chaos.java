import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

/**
 * The demo's order → inventory flow under a fault plan: each run starts the processes afresh, has the
 * customers order, injects the run's faults at random moments while they do (a kill -9 is followed by a
 * restart, as a supervisor would), times each recovery with a probe order that must make the whole round
 * trip, then checks the books as the demo does and appends one line per run to the report. Run by
 * {@code bin/chaos}; {@code Demo} hands over to it when {@code --faults} is given.
 */
final class Chaos {

    /** The faults the harness can inject, by their command-line names. */
    enum Fault {
        KILL_ORDER, KILL_INVENTORY, KILL_BROKER, KILL_SIDECAR, RESTART_RABBIT, CLOSE_RABBIT_CONNECTIONS,
        RESTART_REDIS, RESTART_POSTGRES, KILL_KAFKA, RESTART_KAFKA;

        String label() {
            return name().toLowerCase().replace('_', '-');
        }

        static Fault of(String label) {
            for (Fault fault : values()) {
                if (fault.label().equals(label)) {
                    return fault;
                }
            }
            throw new DemoFailed("unknown fault " + label + "; known: "
                    + List.of(values()).stream().map(Fault::label).toList());
        }

        boolean needsRabbit() {
            return this == RESTART_RABBIT || this == CLOSE_RABBIT_CONNECTIONS || this == RESTART_REDIS
                    || this == RESTART_POSTGRES;
        }

        boolean needsKafka() {
            return this == KILL_KAFKA || this == RESTART_KAFKA;
        }
    }

    record Injection(Fault fault, double atSeconds, double recoverySeconds) {
    }

    /** The probe orders' SKU: one of the customers', so that the probes count in the books like any order. */
    private static final String PROBE_SKU = Demo.SKUS.get(Demo.SKUS.size() - 1);

    private static final String VHOST = "rm-chaos";

    private static final String POSTGRES = System.getenv().getOrDefault("RM_CHAOS_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/");

    private final Options options;

    private final List<Fault> plan;

    private final Random random;

    private final Http http = new Http();

    private long runStart;

    Chaos(Options options) {
        this.options = options;
        this.plan = options.faults().stream().map(Fault::of).toList();
        this.random = new Random(options.seed());
        if (!List.of("file", "rabbit", "kafka").contains(options.transport())) {
            throw new DemoFailed("--transport is file, rabbit or kafka");
        }
        for (Fault fault : plan) {
            if (fault.needsRabbit() && !options.transport().equals("rabbit")) {
                throw new DemoFailed(fault.label() + " needs --transport rabbit (PostgreSQL, Redis, RabbitMQ)");
            }
            if (fault == Fault.KILL_BROKER && !options.transport().equals("file")) {
                throw new DemoFailed("kill-broker is the file broker's process: --transport file"
                        + (options.transport().equals("kafka") ? " (Kafka's broker: kill-kafka)" : ""));
            }
            if (fault.needsKafka() && !options.transport().equals("kafka")) {
                throw new DemoFailed(fault.label() + " is the harness's Kafka broker process: --transport kafka");
            }
        }
        if (options.transport().equals("kafka")) {
            require(options.kafkaHome(), "--kafka-home");
        }
    }

    /** All runs; true if the books balanced after every one. */
    boolean run() throws Exception {
        System.out.printf("Reliable Messaging fault injection: %d run(s) on %s, faults %s, seed %d%n",
                options.runs(), options.transport(), options.faults(), options.seed());
        System.out.printf("  data and logs in %s%n", options.dataDir());
        boolean allBalanced = true;
        List<String> lines = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            List<Fault> faults = faultsOfRun(run);
            System.out.printf("%nRun %d/%d: %s%n", run, options.runs(), faults.stream().map(Fault::label).toList());
            String line = runOnce(run, faults);
            lines.add(line);
            if (options.report() != null) {
                Files.writeString(options.report(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            allBalanced &= Json.parse(line).get("balanced").value().equals(Boolean.TRUE);
        }
        System.out.println();
        System.out.print(ChaosReport.table(options.report() != null ? Files.readAllLines(options.report()) : lines));
        System.out.println(allBalanced ? "✓ The books balanced after every run." : "✗ The books did NOT balance.");
        return allBalanced;
    }

    /** The plan's faults taken in turn, faults-per-run at a time. */
    private List<Fault> faultsOfRun(int run) {
        List<Fault> faults = new ArrayList<>();
        int perRun = Math.max(1, Math.min(options.faultsPerRun(), plan.size()));
        for (int i = 0; i < perRun; i++) {
            faults.add(plan.get(((run - 1) * perRun + i) % plan.size()));
        }
        return faults;
    }

    private String runOnce(int run, List<Fault> faults) throws Exception {
        runStart = System.nanoTime();
        Path dir = options.dataDir().resolve("run-" + run).toAbsolutePath();
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        boolean rabbit = options.transport().equals("rabbit");
        boolean kafka = options.transport().equals("kafka");
        boolean sidecar = faults.contains(Fault.KILL_SIDECAR);
        boolean redisGuard = faults.contains(Fault.RESTART_REDIS);
        int brokerPort = Options.freePort();
        String orderDb = "rm_chaos_orders";
        String inventoryDb = "rm_chaos_inventory";

        List<String> orderArgs = new ArrayList<>(List.of("--sample.data-dir=" + dir,
                "--orders.payment-timeout=" + options.paymentTimeout().toSeconds() + "s"));
        List<String> inventoryArgs = new ArrayList<>(List.of("--sample.data-dir=" + dir));
        Map<String, String> sidecarEnv = new HashMap<>();
        List<String> sidecarArgs = new ArrayList<>();
        Service broker = null;
        if (rabbit) {
            resetRabbitVhost();
            for (List<String> args : List.of(orderArgs, inventoryArgs)) {
                args.addAll(List.of("--spring.profiles.active=rabbit", "--spring.rabbitmq.virtual-host=" + VHOST));
            }
            inventoryArgs.addAll(postgres(inventoryDb));
            if (redisGuard) {
                inventoryArgs.add("--reliable-messaging.idempotency.store=redis");
            }
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "rabbit", "SPRING_RABBITMQ_HOST", "127.0.0.1",
                    "SPRING_RABBITMQ_VIRTUAL_HOST", VHOST, "SPRING_RABBITMQ_USERNAME", "guest",
                    "SPRING_RABBITMQ_PASSWORD", "guest"));
            sidecarArgs.addAll(List.of("--reliable-messaging.rabbit.topology.orders=inventory-service",
                    "--reliable-messaging.rabbit.topology.order-deadlines=order-service"));
        }
        else if (kafka) {
            // Apache Kafka's broker as a process of its own (one KRaft node, its log under the run's directory);
            // the topics are created as the services first use them.
            broker = KafkaBroker.prepare(options.kafkaHome(), dir, logs, brokerPort);
            String bootstrap = "127.0.0.1:" + brokerPort;
            for (List<String> args : List.of(orderArgs, inventoryArgs)) {
                args.addAll(List.of("--spring.profiles.active=kafka", "--spring.kafka.bootstrap-servers=" + bootstrap));
            }
            inventoryArgs.addAll(postgres(inventoryDb));
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "kafka", "SPRING_KAFKA_BOOTSTRAP_SERVERS",
                    bootstrap));
        }
        else {
            // The broker as a process of its own, both services its clients.
            broker = new Service("file broker", require(options.brokerJar(), "--broker-jar"), brokerPort, logs,
                    dir, List.of("--dir", dir.resolve("file-broker").toString(), "--port", Integer.toString(brokerPort)),
                    Map.of(), false);
            orderArgs.addAll(List.of("--reliable-messaging.file.mode=client",
                    "--reliable-messaging.file.host=127.0.0.1", "--reliable-messaging.file.port=" + brokerPort,
                    "--reliable-messaging.file.server.enabled=false"));
            inventoryArgs.add("--reliable-messaging.file.port=" + brokerPort);
            sidecarEnv.putAll(Map.of("RELIABLE_MESSAGING_TRANSPORT", "file", "RELIABLE_MESSAGING_FILE_MODE", "client",
                    "RELIABLE_MESSAGING_FILE_HOST", "127.0.0.1", "RELIABLE_MESSAGING_FILE_PORT",
                    Integer.toString(brokerPort)));
        }
        if (rabbit || kafka || sidecar) {
            // A sidecar shares the order service's database: PostgreSQL, not an H2 file one process holds.
            recreateDatabase(orderDb);
            orderArgs.addAll(postgres(orderDb));
        }
        if (rabbit || kafka) {
            recreateDatabase(inventoryDb);
        }
        if (sidecar) {
            orderArgs.add("--reliable-messaging.relay.enabled=false");
            sidecarEnv.putAll(Map.of("SPRING_DATASOURCE_URL", POSTGRES + orderDb, "SPRING_DATASOURCE_USERNAME",
                    "postgres", "SPRING_DATASOURCE_PASSWORD", ""));
        }
        Service order = new Service("order service", options.orderJar(), Options.freePort(), logs, dir,
                orderArgs);
        Service inventory = new Service("inventory service", options.inventoryJar(),
                Options.freePort(), logs, dir, inventoryArgs);
        Service relay = sidecar
                ? new Service("relay sidecar", require(options.sidecarJar(), "--sidecar-jar"),
                        Options.freePort(), logs, dir, sidecarArgs, sidecarEnv, true)
                : null;
        List<Service> started = new ArrayList<>();
        Thread stopper = new Thread(() -> started.reversed().forEach(Service::stop));
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            for (Service service : new Service[] { broker, order, relay, inventory }) {
                if (service != null) {
                    service.start();
                    started.add(service);
                }
            }
            Demo.setStock(http, inventory.url(), Demo.SKUS, options.initialStock());

            Orders orders = new Orders(http, order.url(), options, Demo.SKUS);
            step("%d customers place %d orders; faults at random moments meanwhile", options.customers(),
                    options.orders());
            Future<?> ordering = orders.placeAll();
            Map<Fault, Service> victims = new HashMap<>();
            victims.put(Fault.KILL_ORDER, order);
            victims.put(Fault.KILL_INVENTORY, inventory);
            victims.put(Fault.KILL_BROKER, broker);
            victims.put(Fault.KILL_SIDECAR, relay);
            victims.put(Fault.KILL_KAFKA, broker);
            victims.put(Fault.RESTART_KAFKA, broker);
            List<Injection> injections = injectAll(faults, victims, orders);
            Demo.awaitCustomers(ordering);
            step("%d orders placed (%d refused while down and tried again, %d cut off mid-answer)",
                    orders.all().size(), orders.refused(), orders.uncertain());

            long settleStart = System.nanoTime();
            boolean settled = true;
            try {
                Demo.awaitCondition(Duration.ofMinutes(3), () -> Demo.settled(http, order.url(), inventory.url(),
                        orders.all().size(), orders.uncertain()) && Demo.pause(1000)
                        && Demo.settled(http, order.url(), inventory.url(), orders.all().size(), orders.uncertain()));
            }
            catch (DemoFailed ex) {
                settled = false;
                step("not settled after 3 minutes: checking the books as they are");
            }
            double settling = (System.nanoTime() - settleStart) / 1e9;
            Verification books = Verification.of(http, order.url(), inventory.url(), orders,
                    options.initialStock());
            books.print(Duration.ofNanos(System.nanoTime() - settleStart), Duration.ofNanos(System.nanoTime() - runStart));
            boolean balanced = settled && books.balanced();
            return ChaosReport.line(run, options, faults, injections, books, orders, settling, balanced);
        }
        finally {
            started.reversed().forEach(Service::stop);
            Runtime.getRuntime().removeShutdownHook(stopper);
        }
    }

    /**
     * Injects each fault of the run {@code --injections} times, in a random order, each at a random moment of
     * its share of the customers' ordering time, one after the other: the next comes once the flow recovered.
     */
    private List<Injection> injectAll(List<Fault> faults, Map<Fault, Service> victims, Orders orders)
            throws Exception {
        List<Fault> sequence = new ArrayList<>();
        for (Fault fault : faults) {
            for (int i = 0; i < options.injections(); i++) {
                sequence.add(fault);
            }
        }
        Collections.shuffle(sequence, random);
        long slot = options.orderingTime().toNanos() / sequence.size();
        long orderingStart = System.nanoTime();
        List<Injection> done = new ArrayList<>();
        for (int i = 0; i < sequence.size(); i++) {
            long moment = orderingStart + i * slot + (long) (slot * (0.1 + 0.8 * random.nextDouble()));
            long wait = moment - System.nanoTime();
            if (wait > 0) {
                Demo.pause(wait / 1_000_000);
            }
            Fault fault = sequence.get(i);
            long at = System.nanoTime();
            step("inject %s", fault.label());
            inject(fault, victims.get(fault));
            awaitRoundTrip(orders);
            double recovery = (System.nanoTime() - at) / 1e9;
            step("  recovered: a new order made the round trip %.1fs after the fault", recovery);
            done.add(new Injection(fault, (at - runStart) / 1e9, recovery));
        }
        return done;
    }

    private void inject(Fault fault, Service victim) throws Exception {
        switch (fault) {
            case KILL_ORDER, KILL_INVENTORY, KILL_BROKER, KILL_SIDECAR, KILL_KAFKA -> {
                // kill -9, then started again at once, as a supervisor would.
                victim.kill();
                victim.start();
            }
            case RESTART_RABBIT -> {
                command("rabbitmqctl", "stop_app");
                Demo.pause(5000);
                command("rabbitmqctl", "start_app");
            }
            case CLOSE_RABBIT_CONNECTIONS -> command("rabbitmqctl", "close_all_connections", "--vhost", VHOST,
                    "fault injection");
            case RESTART_REDIS -> {
                command("redis-cli", "shutdown", "nosave");
                Demo.pause(3000);
                command("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                        "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile",
                        "/var/log/redis/ci.log");
            }
            case RESTART_KAFKA -> {
                // SIGTERM: a controlled shutdown (the broker's partitions closed, its log flushed), awaited;
                // then down a few seconds, and started again on the same log directory.
                long stopping = System.nanoTime();
                if (!victim.stop(Duration.ofMinutes(2))) {
                    step("  the Kafka broker did not stop within 2 minutes of SIGTERM: killed");
                }
                step("  Kafka broker stopped in %.1fs", (System.nanoTime() - stopping) / 1e9);
                Demo.pause(5000);
                victim.start();
            }
            case RESTART_POSTGRES -> command("bash", "-c",
                    "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart");
        }
    }

    /** A probe order placed after the fault must be decided (confirmed or rejected): the flow works both ways again. */
    private void awaitRoundTrip(Orders orders) {
        Orders.Placed[] probe = new Orders.Placed[1];
        Demo.awaitCondition(Duration.ofMinutes(5), () -> {
            if (probe[0] == null) {
                probe[0] = orders.placeOne(PROBE_SKU, 1, "probe");
                return false;
            }
            try {
                String status = orders.status(probe[0].id());
                return status.equals("CONFIRMED") || status.equals("REJECTED");
            }
            catch (DemoFailed ex) {
                return false;
            }
        });
    }

    private static List<String> postgres(String database) {
        return List.of("--spring.datasource.url=" + POSTGRES + database, "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
    }

    private static void recreateDatabase(String name) {
        command("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "drop database if exists " + name + " with (force)");
        command("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "create database " + name);
    }

    private static void resetRabbitVhost() {
        command("rabbitmqctl", "-q", "delete_vhost", VHOST);
        command("rabbitmqctl", "-q", "add_vhost", VHOST);
        command("rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*");
    }

    private static void command(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0 && !(command[command.length - 2].equals("delete_vhost"))) {
                throw new DemoFailed(String.join(" ", command) + " exited " + exit + ": " + output.strip());
            }
        }
        catch (IOException ex) {
            throw new DemoFailed(command[0] + ": " + ex.getMessage());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    private static Path require(Path jar, String option) {
        if (jar == null) {
            throw new DemoFailed(option + " is required for this fault plan (bin/chaos passes it)");
        }
        return jar;
    }

    private void step(String format, Object... arguments) {
        System.out.printf("%6s  %s%n", Demo.seconds(System.nanoTime() - runStart), format.formatted(arguments));
    }
}
