package org.reliablemessaging.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;

/**
 * The private servers of one fault-injection invocation ({@link PrivateInstance}, under its data directory):
 * each started on first use, kept for every run (which recreate their databases and virtual host), and all
 * stopped at the end.
 */
final class PrivateServers implements AutoCloseable {

    private final Path dir;

    private final Map<Kind, PrivateInstance> started = new EnumMap<>(Kind.class);

    /** 1 for a single RabbitMQ node, more for a {@link RabbitCluster} of that many. */
    private final int rabbitNodes;

    private @Nullable RabbitCluster rabbitCluster;

    PrivateServers(Path dir, int rabbitNodes) {
        this.dir = dir;
        this.rabbitNodes = rabbitNodes;
    }

    PrivateInstance postgres() {
        return get(Kind.POSTGRES);
    }

    PrivateInstance redis() {
        return get(Kind.REDIS);
    }

    /** The single RabbitMQ node or, with a cluster, its first node (where the virtual host is managed). */
    PrivateInstance rabbit() {
        return rabbitNodes > 1 ? rabbitCluster().nodes().getFirst() : get(Kind.RABBIT);
    }

    /** What {@code spring.rabbitmq.addresses} takes: the single node's address, or every node's of the cluster. */
    String rabbitAddresses() {
        return rabbitNodes > 1 ? rabbitCluster().addresses() : "127.0.0.1:" + rabbit().port();
    }

    synchronized RabbitCluster rabbitCluster() {
        if (rabbitNodes < 2) {
            throw new DemoFailed("no RabbitMQ cluster in this invocation: --rabbit-nodes 3 starts one");
        }
        if (rabbitCluster == null) {
            long start = System.nanoTime();
            try {
                rabbitCluster = RabbitCluster.start(dir.resolve("rabbit-cluster"), rabbitNodes);
            }
            catch (IllegalStateException ex) {
                throw new DemoFailed(Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
            }
            Console.detail("a cluster of %d private RabbitMQ nodes on %s up in %s", rabbitNodes,
                    rabbitCluster.addresses(), Console.seconds(System.nanoTime() - start));
        }
        return rabbitCluster;
    }

    private synchronized PrivateInstance get(Kind kind) {
        return started.computeIfAbsent(kind, this::start);
    }

    private PrivateInstance start(Kind kind) {
        long start = System.nanoTime();
        try {
            PrivateInstance instance = PrivateInstance.start(kind, dir.resolve(kind.name().toLowerCase()));
            Console.detail("%s up in %s", instance, Console.seconds(System.nanoTime() - start));
            return instance;
        }
        catch (IllegalStateException ex) {
            throw new DemoFailed(Objects.requireNonNullElse(ex.getMessage(), ex.toString()));
        }
    }

    /** Stops every server started, the last first. */
    @Override
    public synchronized void close() {
        List<PrivateInstance> instances = new ArrayList<>(started.values());
        if (rabbitCluster != null) {
            instances.addAll(rabbitCluster.nodes());
            rabbitCluster = null;
        }
        started.clear();
        for (PrivateInstance instance : instances.reversed()) {
            try {
                instance.stop();
            }
            catch (RuntimeException ex) {
                System.out.println("  could not stop the " + instance + ": " + ex.getMessage());
            }
        }
    }
}
