package org.reliablemessaging.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.testservices.TcpProxy;

/**
 * Three KRaft nodes of Apache Kafka's broker as processes of the harness, each broker and controller, their logs
 * under the run's directory: replication factor 3, min.insync.replicas=2, no unclean leader election.
 *
 * <p>The nodes reach each other only through proxies of the harness, one per direction for the controller quorum
 * and one per direction for replication ({@link KafkaNodeProperties}), so that {@link #isolate} can cut one node
 * off from the other two while the services, which use the client listeners directly, still reach it.
 */
final class KafkaCluster implements AutoCloseable {

    static final int SIZE = 3;

    /** Start-up of a node, recovery of its log included. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final List<KafkaNodeProperties> properties;

    private final List<Service> nodes;

    /** controllerLinks[from - 1][to - 1]: how node {@code from} reaches node {@code to}'s controller. */
    private final @Nullable TcpProxy[][] controllerLinks;

    /** replicationLinks[from - 1][to - 1]: how node {@code from} fetches from node {@code to}. */
    private final @Nullable TcpProxy[][] replicationLinks;

    private @Nullable KafkaAdmin admin;

    private KafkaCluster(List<KafkaNodeProperties> properties, List<Service> nodes,
            @Nullable TcpProxy[][] controllerLinks, @Nullable TcpProxy[][] replicationLinks) {
        this.properties = properties;
        this.nodes = nodes;
        this.controllerLinks = controllerLinks;
        this.replicationLinks = replicationLinks;
    }

    /**
     * Writes the nodes' configuration under {@code dir}/kafka-N and formats their log directories with one
     * cluster id; nothing is started yet.
     * @param kafkaHome bin/lib/kafka: target/kafka.classpath and log4j2.properties
     */
    static KafkaCluster prepare(Path kafkaHome, Path dir, Path logs) throws IOException, InterruptedException {
        List<KafkaNodeProperties> properties = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) {
            properties.add(KafkaNodeProperties.withFreePorts(id));
        }
        @Nullable TcpProxy[][] controllerLinks = new TcpProxy[SIZE][SIZE];
        @Nullable TcpProxy[][] replicationLinks = new TcpProxy[SIZE][SIZE];
        for (KafkaNodeProperties from : properties) {
            for (KafkaNodeProperties to : properties) {
                if (from != to) {
                    controllerLinks[from.id() - 1][to.id() - 1] = proxy(to.controllerPort(from.id()));
                    replicationLinks[from.id() - 1][to.id() - 1] = proxy(to.replicationPort(from.id()));
                }
            }
        }
        List<String> launch = KafkaBroker.launch(kafkaHome);
        String clusterId = KafkaBroker.clusterId();
        List<Service> nodes = new ArrayList<>();
        for (KafkaNodeProperties node : properties) {
            Path written = node.write(dir.resolve("kafka-" + node.id()),
                    (from, to) -> from == to ? properties.get(to - 1).controllerPort(from)
                            : link(controllerLinks, from, to).port(),
                    (from, to) -> from == to ? properties.get(to - 1).replicationPort(from)
                            : link(replicationLinks, from, to).port());
            String name = "kafka node " + node.id();
            nodes.add(Service.mainClass(name, KafkaBroker.server(launch), node.clientPort(), logs, dir,
                    List.of(written.toString())));
            KafkaBroker.format(launch, written, logs.resolve(name.replace(' ', '-') + ".log"), clusterId);
        }
        return new KafkaCluster(properties, nodes, controllerLinks, replicationLinks);
    }

    /** A proxy to a port of 127.0.0.1, on a port no other process of the run is given. */
    private static TcpProxy proxy(int target) {
        while (true) {
            TcpProxy proxy = new TcpProxy("127.0.0.1", target);
            if (Ports.claim(proxy.port())) {
                return proxy;
            }
        }
    }

    /** The client listeners of all nodes, as spring.kafka.bootstrap-servers takes them. */
    String bootstrapServers() {
        return properties.stream().map(node -> "127.0.0.1:" + node.clientPort()).collect(Collectors.joining(","));
    }

    List<Service> nodes() {
        return nodes;
    }

    Service node(int id) {
        return nodes.get(id - 1);
    }

    /** Opens the links and starts the three nodes at once (none is ready before a quorum is), then awaits all. */
    void start() throws Exception {
        for (TcpProxy link : allLinks()) {
            link.open();
        }
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (Service node : nodes) {
                started.add(starting.submit(() -> {
                    node.start();
                    return null;
                }));
            }
            for (Future<?> node : started) {
                try {
                    node.get();
                }
                catch (ExecutionException ex) {
                    throw ex.getCause() instanceof Exception cause ? cause : ex;
                }
            }
        }
        admin().awaitBrokers(SIZE, START_TIMEOUT);
    }

    /** The cluster's admin client, made on first use. */
    synchronized KafkaAdmin admin() {
        if (admin == null) {
            admin = new KafkaAdmin(bootstrapServers());
        }
        return admin;
    }

    /** Cuts node {@code id} off from the other two: the links between them closed, its client listener not. */
    void isolate(int id) throws IOException {
        for (TcpProxy link : linksOf(id)) {
            link.close();
        }
    }

    /** Opens again what {@link #isolate} closed. */
    void reconnect(int id) throws IOException {
        for (TcpProxy link : linksOf(id)) {
            link.open();
        }
    }

    private List<TcpProxy> linksOf(int id) {
        List<TcpProxy> links = new ArrayList<>();
        for (int peer = 1; peer <= SIZE; peer++) {
            if (peer != id) {
                links.addAll(linksBetween(id, peer));
            }
        }
        return links;
    }

    /** Both directions of both kinds between two nodes. */
    private List<TcpProxy> linksBetween(int id, int peer) {
        return List.of(link(controllerLinks, id, peer), link(controllerLinks, peer, id),
                link(replicationLinks, id, peer), link(replicationLinks, peer, id));
    }

    private List<TcpProxy> allLinks() {
        List<TcpProxy> links = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) {
            for (int peer = id + 1; peer <= SIZE; peer++) {
                links.addAll(linksBetween(id, peer));
            }
        }
        return links;
    }

    private static TcpProxy link(@Nullable TcpProxy[][] links, int from, int to) {
        TcpProxy link = links[from - 1][to - 1];
        if (link == null) {
            throw new IllegalArgumentException("node " + from + " has no link to itself");
        }
        return link;
    }

    /** Closes the admin client and the links; the nodes are stopped as every process of the run is. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        for (TcpProxy link : allLinks()) {
            try {
                link.close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException("could not close the proxy on port " + link.port(), ex);
            }
        }
    }
}
