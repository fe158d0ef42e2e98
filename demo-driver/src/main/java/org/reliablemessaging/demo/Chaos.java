package org.reliablemessaging.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import org.reliablemessaging.demo.ChaosReport.Injection;

/**
 * The demo's order → inventory flow under a fault plan: each run starts the processes afresh, has the
 * customers order while a {@link FaultInjector} injects the run's faults, then checks the books as the demo
 * does and appends one line per run to the report.
 */
final class Chaos {

    private final Options options;

    private final List<Fault> plan;

    private final Random random;

    private final Http http = new Http();

    /** PostgreSQL, Redis and RabbitMQ of the runs that need them: private instances, never the machine's own. */
    private final PrivateServers servers;

    Chaos(Options options) {
        this.options = options;
        this.plan = options.faults().stream().map(Fault::of).toList();
        this.random = new Random(options.seed());
        this.servers = new PrivateServers(options.dataDir().resolve("services").toAbsolutePath(),
                options.rabbitNodes());
        if (!List.of("file", "rabbit", "kafka").contains(options.transport())) {
            throw new DemoFailed("--transport is file, rabbit or kafka");
        }
        for (Fault fault : plan) {
            if (fault.needsRabbit() && !options.transport().equals("rabbit")) {
                throw new DemoFailed(fault.label() + " needs --transport rabbit (the harness's PostgreSQL, Redis and RabbitMQ)");
            }
            if (fault.needsRabbitCluster() && options.rabbitNodes() < 2) {
                throw new DemoFailed(fault.label() + " is done to one node of a RabbitMQ cluster: --rabbit-nodes 3"
                        + " (bin/chaos --cluster rabbit)");
            }
            if (fault == Fault.KILL_BROKER && !options.transport().equals("file")) {
                throw new DemoFailed("kill-broker is the file broker's process: --transport file"
                        + (options.transport().equals("kafka") ? " (Kafka's broker: kill-kafka)" : ""));
            }
            if (fault.needsKafkaCluster() && !(options.transport().equals("kafka") && options.kafkaCluster())) {
                throw new DemoFailed(fault.label() + " is a fault of the Kafka cluster: --transport kafka --cluster kafka");
            }
            if (fault.needsKafka() && options.kafkaCluster()) {
                throw new DemoFailed(fault.label() + " is the single Kafka broker's; the cluster's faults are "
                        + "kill-kafka-leader rolling-restart-kafka pause-kafka isolate-kafka");
            }
            if (fault.needsKafka() && !options.transport().equals("kafka")) {
                throw new DemoFailed(fault.label() + " is the harness's Kafka broker process: --transport kafka");
            }
            NetworkFaults.checkTransport(fault, options.transport());
        }
        if (options.rabbitNodes() > 1 && !options.transport().equals("rabbit")) {
            throw new DemoFailed("--rabbit-nodes is the size of the harness's RabbitMQ cluster: --transport rabbit");
        }
        if (options.kafkaCluster() && !options.transport().equals("kafka")) {
            throw new DemoFailed("--cluster kafka needs --transport kafka");
        }
        if (options.transport().equals("kafka")) {
            RunServices.require(options.kafkaHome(), "--kafka-home");
        }
    }

    /** All runs; true if the books balanced after every one. */
    boolean run() throws Exception {
        System.out.printf("Reliable Messaging fault injection: %d run(s) on %s, faults %s, seed %d%n",
                options.runs(), options.setup(), options.faults(), options.seed());
        System.out.printf("  data and logs in %s%n", options.dataDir());
        boolean allBalanced = true;
        List<String> lines = new ArrayList<>();
        Thread stopServers = new Thread(servers::close);
        Runtime.getRuntime().addShutdownHook(stopServers);
        try {
            for (int run = 1; run <= options.runs(); run++) {
                List<Fault> faults = faultsOfRun(run);
                System.out.printf("%nRun %d/%d: %s%n", run, options.runs(), faults.stream().map(Fault::label).toList());
                ChaosReport.Run result = runOnce(run, faults);
                String line = result.toJson();
                lines.add(line);
                if (options.report() != null) {
                    Files.writeString(options.report(), line + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                allBalanced &= result.balanced();
            }
        }
        finally {
            servers.close();
            removeShutdownHook(stopServers);
        }
        System.out.println();
        System.out.print(ChaosReport.table(options.report() != null ? Files.readAllLines(options.report()) : lines));
        System.out.println(allBalanced ? "✓ The books balanced after every run." : "✗ The books did NOT balance.");
        return allBalanced;
    }

    /** Longest wait for both services to agree once the customers are done: beyond the Redis guard's lease. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(8);

    private static final Duration BOOKS_RECHECK = Duration.ofSeconds(5);

    /**
     * Whether both services agree on every order; reading them takes a request per order, so a disagreement
     * waits a few seconds before the next reading rather than the 200 ms of a cheap check.
     */
    private boolean agreeOnEveryOrder(ShopClient shop, Orders orders) {
        if (Verification.of(Books.read(shop, orders.all()), options.initialStock()).lost() == 0) {
            return true;
        }
        Wait.pause(BOOKS_RECHECK.toMillis());
        return false;
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

    private ChaosReport.Run runOnce(int run, List<Fault> faults) throws Exception {
        Console console = new Console();
        Path dir = options.dataDir().resolve("run-" + run).toAbsolutePath();
        Files.createDirectories(dir.resolve("logs"));
        NetworkFaults network = new NetworkFaults(faults);
        RunServices services = RunServices.of(options, servers, dir, faults.contains(Fault.KILL_SIDECAR),
                faults.contains(Fault.RESTART_REDIS), network);
        List<Service> started = new ArrayList<>();
        Thread stopper = new Thread(() -> started.reversed().forEach(Service::stop));
        Runtime.getRuntime().addShutdownHook(stopper);
        KafkaCluster kafkaCluster = services.kafkaCluster();
        try {
            if (kafkaCluster != null) {
                started.addAll(kafkaCluster.nodes());
                kafkaCluster.start();
            }
            for (Service service : new Service[] { services.broker(), services.order(), services.relay(),
                    services.inventory() }) {
                if (service != null) {
                    // Before it is up: a Ctrl-C during its start-up stops it too.
                    started.add(service);
                    service.start();
                }
            }
            ShopClient shop = new ShopClient(http, services.order().url(), services.inventory().url());
            shop.setStock(Demo.SKUS, options.initialStock());

            Orders orders = new Orders(shop, options, Demo.SKUS);
            console.step("%d customers place %d orders; faults at random moments meanwhile", options.customers(),
                    options.orders());
            Future<?> ordering = orders.placeAll();
            FaultInjector injector = new FaultInjector(options, random, servers, console, victims(services),
                    network, kafkaCluster != null ? new KafkaClusterFaults(kafkaCluster, console) : null);
            List<Injection> injections = injector.injectAll(faults, orders);
            Orders.await(ordering);
            console.step("%d orders placed (%d refused while down and tried again, %d cut off mid-answer)",
                    orders.all().size(), orders.refused(), orders.uncertain());

            long settleStart = System.nanoTime();
            boolean settled = true;
            try {
                // Settled once both services agree on every order, not only once no order is pending: an
                // order cancelled at its payment deadline is decided while its placing may still wait at the
                // inventory (behind a key held by a retry or a guard's processing lease).
                Wait.until(SETTLE_TIMEOUT, () -> shop.settled(orders.all().size(), orders.uncertain())
                        && agreeOnEveryOrder(shop, orders)
                        && Wait.pause(1000) && shop.settled(orders.all().size(), orders.uncertain()));
            }
            catch (DemoFailed ex) {
                settled = false;
                console.step("not settled after %d minutes: checking the books as they are", SETTLE_TIMEOUT.toMinutes());
            }
            double settling = (System.nanoTime() - settleStart) / 1e9;
            Verification books = Verification.of(Books.read(shop, orders.all()), options.initialStock());
            books.print(Duration.ofNanos(System.nanoTime() - settleStart), console.elapsed(),
                    String.join(", ", faults.stream().map(Fault::label).toList()));
            return ChaosReport.Run.of(run, options, faults, injections, books, orders.uncertain(), settling,
                    settled && books.balanced());
        }
        finally {
            started.reversed().forEach(Service::stop);
            network.close();
            removeShutdownHook(stopper);
            if (kafkaCluster != null) {
                kafkaCluster.close();
            }
        }
    }

    /** The process each kill or restart hits; those of the harness's servers are in {@link FaultInjector}. */
    private static Map<Fault, Service> victims(RunServices services) {
        Map<Fault, Service> victims = new EnumMap<>(Fault.class);
        victims.put(Fault.KILL_ORDER, services.order());
        victims.put(Fault.KILL_INVENTORY, services.inventory());
        // Not harmed, but its Redis guard holds messages after Redis forgot everything, until re-armed.
        victims.put(Fault.RESTART_REDIS, services.inventory());
        if (services.broker() != null) {
            victims.put(Fault.KILL_BROKER, services.broker());
            victims.put(Fault.KILL_KAFKA, services.broker());
            victims.put(Fault.RESTART_KAFKA, services.broker());
        }
        if (services.relay() != null) {
            victims.put(Fault.KILL_SIDECAR, services.relay());
        }
        return victims;
    }

    /** Removes a hook that stops processes; when the JVM is already shutting down (Ctrl-C), the hook is running. */
    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException shuttingDown) {
            // The hook does the same stop at this very moment; nothing is left undone.
        }
    }
}
