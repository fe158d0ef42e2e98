package org.reliablemessaging.demo;

import java.time.Duration;

import org.reliablemessaging.testservices.PrivateInstance;

/**
 * The faults done to one node of a {@link RabbitCluster}, each ended as an operator or a supervisor would end
 * it: the node leading the run's queues killed with {@code kill -9} and started again (it rejoins), the node
 * serving the clients' connections stopped with {@code stop_app} for a few seconds, the leading node's
 * Erlang VM paused with {@code SIGSTOP} for 30 seconds.
 */
final class RabbitClusterFaults {

    private static final Duration STOPPED_APP = Duration.ofSeconds(5);

    private static final Duration PAUSED = Duration.ofSeconds(30);

    private final RabbitCluster cluster;

    private final Console console;

    RabbitClusterFaults(RabbitCluster cluster, Console console) {
        this.cluster = cluster;
        this.console = console;
    }

    void inject(Fault fault) {
        switch (fault) {
            case KILL_RABBIT_LEADER -> {
                PrivateInstance leader = target(cluster.leader(RunServices.VHOST), "kill -9 of");
                leader.kill();
                long starting = System.nanoTime();
                leader.start();
                console.step("  %s started again and answering in %s", RabbitCluster.name(leader),
                        Console.seconds(System.nanoTime() - starting));
            }
            case STOP_APP_RABBIT -> {
                PrivateInstance node = target(cluster.clientsNode(RunServices.VHOST), "stop_app on");
                node.rabbitmqctl("stop_app");
                Wait.pause(STOPPED_APP.toMillis());
                startApp(node, console);
            }
            case PAUSE_RABBIT -> {
                PrivateInstance leader = target(cluster.leader(RunServices.VHOST),
                        "SIGSTOP for " + PAUSED.toSeconds() + "s of");
                leader.pause();
                try {
                    Wait.pause(PAUSED.toMillis());
                }
                finally {
                    leader.resume();
                }
            }
            default -> throw new IllegalArgumentException(
                    fault.label() + " is not a fault of a RabbitMQ cluster's node");
        }
    }

    private PrivateInstance target(PrivateInstance node, String action) {
        console.step("  %s %s", action, cluster.describe(node, RunServices.VHOST));
        return node;
    }

    /** start_app, again while the listener's port from before stop_app is still being released. */
    static void startApp(PrivateInstance node, Console console) {
        for (int attempt = 1;; attempt++) {
            try {
                node.rabbitmqctl("start_app");
                return;
            }
            catch (IllegalStateException ex) {
                if (attempt == 5) {
                    throw ex;
                }
                console.step("  rabbitmqctl start_app failed (attempt %d); trying again in 2s", attempt);
                Wait.pause(2000);
            }
        }
    }
}
