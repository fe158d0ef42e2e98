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
 * {@code bin/chaos}; {@code Demo} hands over to it when {@code --faults} is given. The PostgreSQL, Redis and
 * RabbitMQ it uses, restarts and disconnects are private instances of its own ({@link PrivateServers}).
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

    private final Options options;

    private final List<Fault> plan;

    private final Random random;

    private final Http http = new Http();

    private long runStart;

    /** PostgreSQL, Redis and RabbitMQ of the runs that need them: private instances, never the machine's own. */
    private final PrivateServers servers;

    Chaos(Options options) {
        this.options = options;
        this.plan = options.faults().stream().map(Fault::of).toList();
        this.random = new Random(options.seed());
        this.servers = new PrivateServers(options.dataDir().resolve("services").toAbsolutePath());
        if (!List.of("file", "rabbit", "kafka").contains(options.transport())) {
            throw new DemoFailed("--transport is file, rabbit or kafka");
        }
        for (Fault fault : plan) {
            if (fault.needsRabbit() && !options.transport().equals("rabbit")) {
                throw new DemoFailed(fault.label() + " needs --transport rabbit (the harness's PostgreSQL, Redis and RabbitMQ)");
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
            RunServices.require(options.kafkaHome(), "--kafka-home");
        }
    }

    /** All runs; true if the books balanced after every one. */
    boolean run() throws Exception {
        System.out.printf("Reliable Messaging fault injection: %d run(s) on %s, faults %s, seed %d%n",
                options.runs(), options.transport(), options.faults(), options.seed());
        System.out.printf("  data and logs in %s%n", options.dataDir());
        boolean allBalanced = true;
        List<String> lines = new ArrayList<>();
        Thread stopServers = new Thread(servers::close);
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            for (int run = 1; run <= options.runs(); run++) {
                List<Fault> faults = faultsOfRun(run);
                System.out.printf("%nRun %d/%d: %s%n", run, options.runs(), faults.stream().map(Fault::label).toList());
                String line = runOnce(run, faults);
                lines.add(line);
                if (options.report() != null) {
                    Files.writeString(options.report(), line + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                allBalanced &= Json.parse(line).get("balanced").value().equals(Boolean.TRUE);
            }
        }
        finally {
            servers.close();
            Runtime.getRuntime().removeShutdownHook(stopServers);
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
        RunServices services = RunServices.of(options, servers, dir, faults.contains(Fault.KILL_SIDECAR),
                faults.contains(Fault.RESTART_REDIS));
        Service broker = services.broker();
        Service order = services.order();
        Service relay = services.relay();
        Service inventory = services.inventory();
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
            // Not harmed, but its Redis guard holds messages after Redis forgot everything, until re-armed.
            victims.put(Fault.RESTART_REDIS, inventory);
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
                servers.rabbit().rabbitmqctl("stop_app");
                Demo.pause(5000);
                startRabbitApp();
            }
            case CLOSE_RABBIT_CONNECTIONS -> servers.rabbit().rabbitmqctl("close_all_connections", "--vhost", RunServices.VHOST,
                    "fault injection");
            case RESTART_REDIS -> {
                // Redis keeps nothing on disk here, as on the machine: a restart forgets every key.
                servers.redis().stop();
                Demo.pause(3000);
                servers.redis().start();
                rearmRedisGuard(victim);
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
            case RESTART_POSTGRES -> {
                // A fast shutdown (clients disconnected, the log flushed), then started again on its data.
                servers.postgres().stop();
                servers.postgres().start();
            }
        }
    }

    /**
     * Does what the README asks of an operator once Redis lost the inventory's processed-message markers: the
     * Redis guard sees the loss (its endpoint checks Redis when read) and holds every message until the loss is
     * accepted. Nothing is redelivered here, so accepting it costs no duplicate.
     */
    private void rearmRedisGuard(Service inventory) {
        String endpoint = inventory.url() + "/actuator/redisguard";
        Demo.awaitCondition(Duration.ofMinutes(1), () -> {
            try {
                return http.get(endpoint).get("state").asString().equals("LOST");
            }
            catch (DemoFailed ex) {
                // Redisson still reconnecting: the endpoint answers 500 meanwhile.
                return false;
            }
        });
        // The user of the inventory's yml and the password Service gives every web service.
        String state = http.sendAs("admin", "demo", "POST", endpoint).get("state").asString();
        step("  the inventory's Redis guard saw the loss and held its messages; re-armed: %s", state);
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

    /** start_app, again while the listener's port from before stop_app is still being released. */
    private void startRabbitApp() {
        for (int attempt = 1;; attempt++) {
            try {
                servers.rabbit().rabbitmqctl("start_app");
                return;
            }
            catch (IllegalStateException ex) {
                if (attempt == 5) {
                    throw ex;
                }
                step("  rabbitmqctl start_app failed (attempt %d); trying again in 2s", attempt);
                Demo.pause(2000);
            }
        }
    }

    private void step(String format, Object... arguments) {
        System.out.printf("%6s  %s%n", Demo.seconds(System.nanoTime() - runStart), format.formatted(arguments));
    }
}
