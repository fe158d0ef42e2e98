import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The command line, with the defaults of a full and a short run. */
record Options(Path orderJar, Path inventoryJar, Path dataDir, int orders, int customers, int initialStock,
        Duration paymentTimeout, int orderPort, int inventoryPort, int brokerPort, List<String> faults,
        String transport, int runs, int faultsPerRun, int injections, long seed, Path report, Path brokerJar,
        Path sidecarJar, Path kafkaHome) {

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
                values.containsKey("sidecar-jar") ? Path.of(values.get("sidecar-jar")) : null,
                values.containsKey("kafka-home") ? Path.of(values.get("kafka-home")) : null);
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
