package org.reliablemessaging.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/** The command line, with the defaults of a full and a short run. */
record Options(Path orderJar, Path inventoryJar, Path dataDir, int orders, int customers, int initialStock,
        Duration paymentTimeout, int orderPort, int inventoryPort, int brokerPort, List<String> faults,
        String transport, int runs, int faultsPerRun, int injections, long seed, @Nullable Path report,
        @Nullable Path brokerJar, @Nullable Path sidecarJar, @Nullable Path kafkaHome, int rabbitNodes,
        @Nullable String cluster) {

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
                ? Arrays.stream(values.get("faults").split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList()
                : List.of();
        boolean chaos = !faults.isEmpty();
        int orders = number(values, "orders", shortRun ? 80 : chaos ? 150 : 300);
        // Under faults a restart can take longer than a payment deadline: a longer one keeps most orders
        // to the reservation path (a cancelled order must still give its stock back, which is checked).
        int paymentTimeout = number(values, "payment-timeout", chaos ? 30 : 5);
        return new Options(required(values, "order-jar"), required(values, "inventory-jar"),
                required(values, "data-dir"), orders, number(values, "customers", shortRun ? 6 : 8),
                // Less than the orders ask for (3 each on average): the last orders of a SKU are rejected.
                Math.max(5, orders * 7 / 16), Duration.ofSeconds(paymentTimeout),
                port(values, "order-port", 8081), port(values, "inventory-port", 8082),
                port(values, "broker-port", 7420), faults, values.getOrDefault("transport", "file"),
                number(values, "runs", 1), number(values, "faults-per-run", faults.size()),
                number(values, "injections", 2),
                values.containsKey("seed") ? seed(values.get("seed")) : System.currentTimeMillis(),
                path(values, "report"), path(values, "broker-jar"), path(values, "sidecar-jar"),
                path(values, "kafka-home"), number(values, "rabbit-nodes", 1), values.get("cluster"));
    }

    /** Whether the run's Kafka is the three-node cluster ({@code --cluster kafka}) rather than one broker. */
    boolean kafkaCluster() {
        return "kafka".equals(cluster);
    }

    /**
     * The transport as the report names it: {@code rabbit}, {@code kafka}, or on a cluster {@code rabbit-3-nodes},
     * {@code kafka-3-nodes}.
     */
    String setup() {
        if (kafkaCluster()) {
            return transport + "-3-nodes";
        }
        return rabbitNodes > 1 ? transport + "-" + rabbitNodes + "-nodes" : transport;
    }

    /** How long the customers would take to place all orders, were it not for the inventory's restart. */
    Duration orderingTime() {
        return Duration.ofMillis(Math.max(20_000, orders * 150L));
    }

    /** The option's value as a whole number. */
    static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException ex) {
            throw new DemoFailed("--" + option + " takes a whole number, not \"" + value + "\"");
        }
    }

    private static int number(Map<String, String> values, String option, int otherwise) {
        return values.containsKey(option) ? number(option, values.get(option)) : otherwise;
    }

    private static long seed(String value) {
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException ex) {
            throw new DemoFailed("--seed takes a whole number, not \"" + value + "\"");
        }
    }

    private static Path required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null) {
            throw new DemoFailed("--" + name + " is required (bin/demo passes it)");
        }
        return Path.of(value);
    }

    private static @Nullable Path path(Map<String, String> values, String name) {
        return values.containsKey(name) ? Path.of(values.get(name)) : null;
    }

    private static int port(Map<String, String> values, String name, int usual) {
        return values.containsKey(name) ? Ports.chosen(name, values.get(name)) : Ports.usualOrFree(usual);
    }
}
