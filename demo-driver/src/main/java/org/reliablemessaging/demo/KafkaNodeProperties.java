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
 * peers reached through the addresses {@code peerPort} gives (the cluster's proxies), so that one node can be
 * cut off from the others while clients still reach it.
 *
 * <p>Each node replicates over a listener of its own name ({@code R1}, {@code R2}, {@code R3}), which every
 * node has: node i fetches from node j at the address j advertises for {@code Ri}, a proxy that only node i uses.
 *
 * @param id the node id, 1 to {@link KafkaCluster#SIZE}
 * @param clientPort the listener the services and the relay use
 * @param controllerPort the controller quorum's listener
 * @param replicationPorts the real port of each node's replication listener on this node, index id - 1
 */
record KafkaNodeProperties(int id, int clientPort, int controllerPort, List<Integer> replicationPorts) {

    static KafkaNodeProperties withFreePorts(int id) {
        return new KafkaNodeProperties(id, Ports.free(), Ports.free(),
                IntStream.range(0, KafkaCluster.SIZE).mapToObj(i -> Ports.free()).toList());
    }

    /** The real port of node {@code id}'s replication listener ({@code R<fetcher>}) on this node. */
    int replicationPort(int fetcher) {
        return replicationPorts.get(fetcher - 1);
    }

    /**
     * Writes the node's server.properties into {@code home}.
     * @param controllerPort the port this node reaches node {@code to}'s controller at: (this id, to) -> port
     * @param replicationPort the port node {@code from} reaches this node's replication listener at
     */
    Path write(Path home, IntBinaryOperator controllerPort, IntBinaryOperator replicationPort) throws IOException {
        Files.createDirectories(home);
        IntStream ids = IntStream.rangeClosed(1, KafkaCluster.SIZE);
        String voters = ids.mapToObj(to -> to + "@127.0.0.1:" + controllerPort.applyAsInt(id, to))
            .collect(Collectors.joining(","));
        List<String> listeners = new ArrayList<>(List.of("CLIENT://127.0.0.1:" + clientPort,
                "CONTROLLER://127.0.0.1:" + this.controllerPort));
        List<String> advertised = new ArrayList<>(List.of("CLIENT://127.0.0.1:" + clientPort));
        List<String> protocols = new ArrayList<>(List.of("CLIENT:PLAINTEXT", "CONTROLLER:PLAINTEXT"));
        for (int fetcher = 1; fetcher <= KafkaCluster.SIZE; fetcher++) {
            listeners.add("R" + fetcher + "://127.0.0.1:" + replicationPort(fetcher));
            advertised.add("R" + fetcher + "://127.0.0.1:" + replicationPort.applyAsInt(fetcher, id));
            protocols.add("R" + fetcher + ":PLAINTEXT");
        }
        Path properties = home.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "# Written by bin/chaos: node " + id + " of a three-node KRaft cluster on 127.0.0.1.",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=" + String.join(",", listeners),
                "advertised.listeners=" + String.join(",", advertised),
                "controller.listener.names=CONTROLLER",
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
