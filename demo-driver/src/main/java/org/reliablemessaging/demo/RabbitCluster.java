package org.reliablemessaging.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;

/**
 * Private RabbitMQ nodes clustered on loopback, for the runs with {@code --rabbit-nodes}: the first node
 * started alone, each other one joined to it (one epmd and Erlang cookie for all). The services are given
 * every node's address; the quorum queues they declare get a member on every node, RabbitMQ 3.10's initial
 * group size being the cluster's size.
 */
final class RabbitCluster {

    private final List<PrivateInstance> nodes;

    private RabbitCluster(List<PrivateInstance> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts {@code size} nodes in {@code dir} (node-1, node-2...) and clusters them. */
    static RabbitCluster start(Path dir, int size) {
        PrivateInstance first = PrivateInstance.start(Kind.RABBIT, dir.resolve("node-1"));
        List<PrivateInstance> nodes = new ArrayList<>(List.of(first));
        try {
            for (int i = 2; i <= size; i++) {
                nodes.add(PrivateInstance.join(dir.resolve("node-" + i), first));
            }
        }
        catch (RuntimeException ex) {
            // Nobody else knows of the nodes started so far.
            nodes.reversed().forEach(PrivateInstance::stop);
            throw ex;
        }
        return new RabbitCluster(nodes);
    }

    /** The nodes, the first the one the others joined. */
    List<PrivateInstance> nodes() {
        return nodes;
    }

    /** Every node's address, as {@code spring.rabbitmq.addresses} takes them. */
    String addresses() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).collect(Collectors.joining(","));
    }

    /** The node that leads most of the virtual host's quorum queues. */
    PrivateInstance leader(String vhost) {
        Map<String, PrivateInstance> byName = nodes.stream().collect(Collectors.toMap(RabbitCluster::name,
                Function.identity()));
        return mostCommon(rows(vhost, "list_queues", "leader"), byName, "queue leaders of " + vhost);
    }

    /** The node that serves most of the virtual host's client connections (each node listens on a port of its own). */
    PrivateInstance clientsNode(String vhost) {
        Map<String, PrivateInstance> byPort = nodes.stream().collect(Collectors.toMap(
                node -> Integer.toString(node.port()), Function.identity()));
        return mostCommon(rows(vhost, "list_connections", "port"), byPort, "client connections of " + vhost);
    }

    /**
     * How many of the virtual host's queues the node leads, how many client connections it serves, and how many
     * of the queues have a member on every node.
     */
    String describe(PrivateInstance node, String vhost) {
        long led = rows(vhost, "list_queues", "leader").stream().filter(name(node)::equals).count();
        long connections = rows(vhost, "list_connections", "port").stream()
            .filter(Integer.toString(node.port())::equals)
            .count();
        // A quorum queue's members as "[node, node, node]"; a classic queue has none.
        long replicated = rows(vhost, "list_queues", "members").stream()
            .filter(members -> nodes.stream().allMatch(member -> members.contains(name(member))))
            .count();
        int queues = rows(vhost, "list_queues", "name").size();
        return ("%s (leader of %d queues, %d client connections; %d of the %d queues with a member on each of the"
                + " %d nodes)").formatted(name(node), led, connections, replicated, queues, nodes.size());
    }

    /** The node's Erlang node name, as rabbitmqctl shows it. */
    static String name(PrivateInstance node) {
        try {
            return Files.readString(node.dir().resolve("node")).strip();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the node name of " + node, ex);
        }
    }

    /** One column of a listing of the virtual host, one value a row, asked of the first node that answers. */
    private List<String> rows(String vhost, String command, String column) {
        @Nullable RuntimeException failure = null;
        for (PrivateInstance node : nodes) {
            try {
                return node.rabbitmqctl("-q", command, "-p", vhost, "--no-table-headers", column)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .toList();
            }
            catch (IllegalStateException ex) {
                failure = ex;
            }
        }
        throw new DemoFailed("no RabbitMQ node answered " + command + ": " + failure);
    }

    /** The node named most often among the values (node names or ports, as {@code nodes} is keyed). */
    private static PrivateInstance mostCommon(List<String> values, Map<String, PrivateInstance> nodes, String what) {
        return values.stream()
            .filter(nodes::containsKey)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .map(entry -> Objects.requireNonNull(nodes.get(entry.getKey())))
            .orElseThrow(() -> new DemoFailed("none of the cluster's nodes is named in the " + what + ": " + values));
    }
}
