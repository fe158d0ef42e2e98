package org.reliablemessaging.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.demo.ChaosReport.Injection;

/**
 * Injects the faults of one fault-injection run at random moments while the customers order, each followed
 * by what a supervisor would do (start again what was killed), and times each recovery with a probe order
 * that must make the whole round trip before the next fault comes.
 */
final class FaultInjector {

    /** The probe orders' SKU: one of the customers', so that the probes count in the books like any order. */
    private static final String PROBE_SKU = Demo.SKUS.get(Demo.SKUS.size() - 1);

    private final Options options;

    private final Random random;

    private final PrivateServers servers;

    private final Console console;

    private final Map<Fault, Service> victims;

    private final NetworkFaults network;

    private final Http http = new Http();

    private final @Nullable KafkaClusterFaults kafkaCluster;

    /**
     * @param victims the process each kill or restart of a process hits
     * @param network the proxies the network faults act on
     * @param kafkaCluster the faults of the run's Kafka cluster, if it has one
     */
    FaultInjector(Options options, Random random, PrivateServers servers, Console console,
            Map<Fault, Service> victims, NetworkFaults network, @Nullable KafkaClusterFaults kafkaCluster) {
        this.options = options;
        this.random = random;
        this.servers = servers;
        this.console = console;
        this.victims = victims;
        this.network = network;
        this.kafkaCluster = kafkaCluster;
    }

    /**
     * Injects each fault of the run {@code --injections} times, in a random order, each at a random moment of
     * its share of the customers' ordering time, one after the other: the next comes once the flow recovered.
     * Each comes with what the users saw from the fault until the recovery (order requests answered by the end).
     */
    List<Injection> injectAll(List<Fault> faults, Orders orders) throws Exception {
        List<Fault> sequence = new ArrayList<>();
        for (Fault fault : faults) {
            for (int i = 0; i < options.injections(); i++) {
                sequence.add(fault);
            }
        }
        Collections.shuffle(sequence, random);
        long slot = options.orderingTime().toNanos() / sequence.size();
        long orderingStart = System.nanoTime();
        record Injected(Injection injection, long from, long to) {
        }
        List<Injected> done = new ArrayList<>();
        for (int i = 0; i < sequence.size(); i++) {
            long moment = orderingStart + i * slot + (long) (slot * (0.1 + 0.8 * random.nextDouble()));
            long wait = moment - System.nanoTime();
            if (wait > 0) {
                Wait.pause(wait / 1_000_000);
            }
            Fault fault = sequence.get(i);
            long at = System.nanoTime();
            double atSeconds = console.elapsedSeconds();
            console.step("inject %s", fault.label());
            inject(fault);
            // A network fault lasts until the harness heals it: its recovery counts from then.
            long recoveryFrom = fault.network() ? System.nanoTime() : at;
            awaitRoundTrip(orders);
            long recovered = System.nanoTime();
            double recovery = (recovered - recoveryFrom) / 1e9;
            console.step("  recovered: a new order made the round trip %.1fs after the fault%s", recovery,
                    fault.network() ? " was healed" : "");
            done.add(new Injected(new Injection(fault, atSeconds, recovery), at, recovered));
        }
        // Taken at the end, when the requests sent during the last fault had their answers too.
        return done.stream()
            .map(injected -> injected.injection().seen(orders.attempts().sentBetween(injected.from(), injected.to())))
            .toList();
    }

    private void inject(Fault fault) throws Exception {
        switch (fault) {
            case KILL_ORDER, KILL_INVENTORY, KILL_BROKER, KILL_SIDECAR, KILL_KAFKA -> {
                // kill -9, then started again at once, as a supervisor would.
                Service victim = victim(fault);
                victim.kill();
                victim.start();
            }
            case RESTART_RABBIT -> {
                servers.rabbit().rabbitmqctl("stop_app");
                Wait.pause(5000);
                RabbitClusterFaults.startApp(servers.rabbit(), console);
            }
            case KILL_RABBIT_LEADER, STOP_APP_RABBIT, PAUSE_RABBIT ->
                new RabbitClusterFaults(servers.rabbitCluster(), console).inject(fault);
            case CLOSE_RABBIT_CONNECTIONS -> servers.rabbit().rabbitmqctl("close_all_connections", "--vhost",
                    RunServices.VHOST, "fault injection");
            case RESTART_REDIS -> {
                // Redis keeps nothing on disk here, as on the machine: a restart forgets every key.
                servers.redis().stop();
                Wait.pause(3000);
                servers.redis().start();
                rearmRedisGuard(victim(fault));
            }
            case RESTART_KAFKA -> {
                // SIGTERM: a controlled shutdown (the broker's partitions closed, its log flushed), awaited;
                // then down a few seconds, and started again on the same log directory.
                Service victim = victim(fault);
                long stopping = System.nanoTime();
                if (!victim.stop(Duration.ofMinutes(2))) {
                    console.step("  the Kafka broker did not stop within 2 minutes of SIGTERM: killed");
                }
                console.step("  Kafka broker stopped in %.1fs", (System.nanoTime() - stopping) / 1e9);
                Wait.pause(5000);
                victim.start();
            }
            case PARTITION_BROKER, PARTITION_DATABASE, SLOW_LINK_BROKER, SLOW_LINK_DATABASE ->
                network.inject(fault, random, console);
            case KILL_KAFKA_LEADER, ROLLING_RESTART_KAFKA, PAUSE_KAFKA, ISOLATE_KAFKA -> Objects.requireNonNull(
                    kafkaCluster, () -> fault.label() + " needs the Kafka cluster: --cluster kafka").inject(fault);
            case RESTART_POSTGRES -> {
                // A fast shutdown (clients disconnected, the log flushed), then started again on its data.
                servers.postgres().stop();
                servers.postgres().start();
            }
        }
    }

    private Service victim(Fault fault) {
        return Objects.requireNonNull(victims.get(fault), () -> "no process is given for " + fault.label());
    }

    /**
     * Does what the README asks of an operator once Redis lost the inventory's processed-message markers: the
     * Redis guard sees the loss (its endpoint checks Redis when read) and holds every message until the loss is
     * accepted. Nothing is redelivered here, so accepting it costs no duplicate.
     */
    private void rearmRedisGuard(Service inventory) {
        String endpoint = inventory.url() + "/actuator/redisguard";
        Wait.until(Duration.ofMinutes(1), () -> {
            try {
                return http.get(endpoint, GuardState.class).state().equals("LOST");
            }
            catch (DemoFailed ex) {
                // Redisson still reconnecting: the endpoint answers 500 meanwhile.
                return false;
            }
        });
        // The user of the inventory's yml and the password Service gives every web service.
        String state = http.sendAs("admin", "demo", "POST", endpoint, GuardState.class).state();
        console.step("  the inventory's Redis guard saw the loss and held its messages; re-armed: %s", state);
    }

    /** What the inventory's {@code redisguard} endpoint says. */
    record GuardState(String state) {
    }

    /** A probe order placed after the fault must be decided (confirmed or rejected): the flow works both ways again. */
    private void awaitRoundTrip(Orders orders) {
        Orders.@Nullable Placed[] probe = new Orders.Placed[1];
        Wait.until(Duration.ofMinutes(5), () -> {
            if (probe[0] == null) {
                probe[0] = orders.placeOne(PROBE_SKU, 1, "probe");
                return false;
            }
            try {
                return switch (ProbeState.of(orders.status(probe[0].id()))) {
                    case ROUND_TRIP -> true;
                    case WAITING -> false;
                    case EXPIRED -> {
                        // Its payment deadline passed before the inventory answered: no round trip, try anew.
                        probe[0] = null;
                        yield false;
                    }
                };
            }
            catch (DemoFailed ex) {
                return false;
            }
        });
    }

    /** What a probe order's status says of the round trip it was placed to measure. */
    enum ProbeState {

        /** The inventory's answer came back: the round trip is done. */
        ROUND_TRIP,

        /** Pending: the answer has not come back yet. */
        WAITING,

        /** Cancelled at its payment deadline before the answer came: it can no longer show a round trip. */
        EXPIRED;

        static ProbeState of(String status) {
            return switch (status) {
                case "CONFIRMED", "REJECTED" -> ROUND_TRIP;
                case "CANCELLED" -> EXPIRED;
                default -> WAITING;
            };
        }
    }
}
