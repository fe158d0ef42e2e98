package org.reliablemessaging.demo;

import java.io.IOException;
import java.time.Duration;

/**
 * The faults of the harness's {@link KafkaCluster}, each done to the node that leads the most partitions of the
 * services' topics (or to every node in turn), and each over once every replica is in sync again, so that the
 * next fault never finds a partition with fewer than three replicas to lose.
 */
final class KafkaClusterFaults {

    /** How long a node stays paused or cut off: well beyond the broker session's 9 s, so that it is fenced. */
    static final Duration OUTAGE = Duration.ofSeconds(30);

    private final KafkaCluster cluster;

    private final Console console;

    KafkaClusterFaults(KafkaCluster cluster, Console console) {
        this.cluster = cluster;
        this.console = console;
    }

    void inject(Fault fault) throws Exception {
        switch (fault) {
            case KILL_KAFKA_LEADER -> killLeader();
            case ROLLING_RESTART_KAFKA -> rollingRestart();
            case PAUSE_KAFKA -> pauseLeader();
            case ISOLATE_KAFKA -> isolateLeader();
            default -> throw new IllegalArgumentException(fault.label() + " is not a fault of the Kafka cluster");
        }
    }

    /** kill -9, then started again at once on the same log directory, as a supervisor would. */
    private void killLeader() throws Exception {
        Service leader = leader();
        leader.kill();
        leader.start();
        awaitInSync();
    }

    /** SIGTERM (a controlled shutdown: leadership moved away first) to each node in turn, each back in sync before the next. */
    private void rollingRestart() throws Exception {
        for (Service node : cluster.nodes()) {
            long stopping = System.nanoTime();
            if (!node.stop(Duration.ofMinutes(2))) {
                console.step("  %s did not stop within 2 minutes of SIGTERM: killed", node.name());
            }
            console.step("  %s stopped in %.1fs", node.name(), (System.nanoTime() - stopping) / 1e9);
            node.start();
            awaitInSync();
        }
    }

    /** SIGSTOP: the process holds its connections but answers nothing, as a long GC pause or a frozen VM would. */
    private void pauseLeader() throws Exception {
        Service leader = leader();
        signal("STOP", leader);
        try {
            Wait.pause(OUTAGE.toMillis());
        }
        finally {
            signal("CONT", leader);
        }
        awaitInSync();
    }

    /** The leader loses its links to the other two nodes (quorum and replication), not its clients. */
    private void isolateLeader() throws IOException {
        int id = cluster.admin().busiestLeader();
        console.step("  kafka node %d cut off from the other nodes for %ds", id, OUTAGE.toSeconds());
        cluster.isolate(id);
        try {
            Wait.pause(OUTAGE.toMillis());
        }
        finally {
            cluster.reconnect(id);
        }
        awaitInSync();
    }

    private Service leader() {
        Service leader = cluster.node(cluster.admin().busiestLeader());
        console.step("  %s leads the most partitions of the services' topics", leader.name());
        return leader;
    }

    private void awaitInSync() {
        long start = System.nanoTime();
        cluster.admin().awaitInSync(KafkaCluster.SIZE, KafkaCluster.START_TIMEOUT);
        console.step("  every replica in sync again %.1fs later", (System.nanoTime() - start) / 1e9);
    }

    private static void signal(String signal, Service node) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new DemoFailed("kill -" + signal + " " + node.pid() + " (" + node.name() + ") failed");
        }
    }
}
