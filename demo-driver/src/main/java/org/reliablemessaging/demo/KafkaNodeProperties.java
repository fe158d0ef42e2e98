package org.reliablemessaging.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server.properties of one node of the harness's {@link KafkaCluster}: broker and controller at once, its
 * peers reached through the addresses the cluster gives (its proxies), so that one node can be cut off from the
 * others while clients still reach it.
 *
 * <p>Each node has a controller listener and a replication listener per node, named after the node that uses
 * them ({@code C1}/{@code R1} for node 1...): node i reaches node j's controller at the address j advertises for
 * {@code Ci} and fetches from j at the address j advertises for {@code Ri}, proxies that only node i uses. Both
 * matter: a KRaft leader sends its advertised controller endpoints to its followers, which then use those rather
 * than controller.quorum.voters, so a single controller address would let the quorum bypass the proxies.
 *
 * @param id the node id, 1 to {@link KafkaCluster#SIZE}
 * @param clientPort the listener the services and the relay use
 * @param controllerPorts the real port of each node's controller listener on this node, index id - 1
 * @param replicationPorts the real port of each node's replication listener on this node, index id - 1
 */
record KafkaNodeProperties(int id, int clientPort, List<Integer> controllerPorts, List<Integer> replicationPorts) {

    static KafkaNodeProperties withFreePorts(int id) {
        return new KafkaNodeProperties(id, Ports.free(), freePorts(), freePorts());
    }

    private static List<Integer> freePorts() {
        return IntStream.range(0, KafkaCluster.SIZE).mapToObj(i -> Ports.free()).toList();
    }

    /** The real port of node {@code user}'s controller listener ({@code C<user>}) on this node. */
    int controllerPort(int user) {
        return controllerPorts.get(user - 1);
    }

    /** The real port of node {@code fetcher}'s replication listener ({@code R<fetcher>}) on this node. */
    int replicationPort(int fetcher) {
        return replicationPorts.get(fetcher - 1);
    }

    /**
     * Writes the node's server.properties into {@code home}.
     * @param controllerAddress (from, to) -> the port node {@code from} reaches node {@code to}'s controller at
     * @param replicationAddress (from, to) -> the port node {@code from} fetches from node {@code to} at
     */
    Path write(Path home, IntBinaryOperator controllerAddress, IntBinaryOperator replicationAddress)
            throws IOException {
        Files.createDirectories(home);
        String voters = IntStream.rangeClosed(1, KafkaCluster.SIZE)
            .mapToObj(to -> to + "@127.0.0.1:" + controllerAddress.applyAsInt(id, to))
            .collect(Collectors.joining(","));
        List<String> listeners = new ArrayList<>(List.of("CLIENT://127.0.0.1:" + clientPort));
        List<String> advertised = new ArrayList<>(listeners);
        List<String> protocols = new ArrayList<>(List.of("CLIENT:PLAINTEXT"));
        // Its own controller listener first: the one its raft client and its broker use to reach the quorum.
        List<String> controllerNames = new ArrayList<>(List.of("C" + id));
        for (int user = 1; user <= KafkaCluster.SIZE; user++) {
            listeners.add("C" + user + "://127.0.0.1:" + controllerPort(user));
            listeners.add("R" + user + "://127.0.0.1:" + replicationPort(user));
            advertised.add("C" + user + "://127.0.0.1:" + controllerAddress.applyAsInt(user, id));
            advertised.add("R" + user + "://127.0.0.1:" + replicationAddress.applyAsInt(user, id));
            protocols.addAll(List.of("C" + user + ":PLAINTEXT", "R" + user + ":PLAINTEXT"));
            if (user != id) {
                controllerNames.add("C" + user);
            }
        }
        Path properties = home.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "# Written by bin/chaos: node " + id + " of a three-node KRaft cluster on 127.0.0.1.",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=" + String.join(",", listeners),
                "advertised.listeners=" + String.join(",", advertised),
                "controller.listener.names=" + String.join(",", controllerNames),
                "inter.broker.listener.name=R" + id,
                "listener.security.protocol.map=" + String.join(",", protocols),
                "log.dirs=" + home.resolve("log"),
                // Topics are created as the services first use them, on every node, two in sync to take a write.
                "auto.create.topics.enable=true",
                "num.partitions=3",
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "unclean.leader.election.enable=false",
                "offsets.topic.replication.factor=3",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=3",
                "share.coordinator.state.topic.min.isr=2",
                "group.initial.rebalance.delay.ms=0",
                ""));
        return properties;
    }
}
