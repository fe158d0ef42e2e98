package org.reliablemessaging.demo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Apache Kafka's own broker as a process of the harness, to be killed, stopped and started again on the same log.
 *
 * <p>One KRaft node, broker and controller at once: {@code kafka.Kafka} with a server.properties written
 * here, its log directory inside the run's directory (formatted once with Kafka's {@code StorageTool}). The
 * class path is the one bin/chaos resolves from bin/lib/kafka/pom.xml: the Kafka
 * version Spring Boot's BOM manages, the one the services' clients are.
 */
final class KafkaBroker {

    private KafkaBroker() {
    }

    /**
     * Writes the broker's configuration under {@code dir}/kafka, formats its log directory and returns the
     * broker as a service (not started yet) listening on 127.0.0.1:{@code port}.
     * @param kafkaHome bin/lib/kafka: target/kafka.classpath and log4j2.properties
     */
    static Service prepare(Path kafkaHome, Path dir, Path logs, int port) throws IOException, InterruptedException {
        Path home = dir.resolve("kafka");
        Files.createDirectories(home);
        int controllerPort = Ports.free();
        Path properties = home.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "# Written by bin/chaos: one node, broker and controller, on 127.0.0.1 only.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + home.resolve("log"),
                // Topics are created as the services first use them, as with the samples' docker/compose.yaml.
                "auto.create.topics.enable=true",
                "num.partitions=3",
                // One node: the internal topics with one replica, and few partitions to load at each start.
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        List<String> launch = launch(kafkaHome);
        Service broker = Service.mainClass("kafka broker", server(launch), port, logs, dir,
                List.of(properties.toString()));
        format(launch, properties, logs.resolve("kafka-broker.log"), clusterId());
        return broker;
    }

    /** The JVM options and class path of Kafka's tools and server, from bin/lib/kafka (bin/chaos resolves it). */
    static List<String> launch(Path kafkaHome) throws IOException {
        Path classpathFile = kafkaHome.resolve("target/kafka.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new DemoFailed(classpathFile + " is missing: bin/chaos resolves it with the Maven wrapper");
        }
        return List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + kafkaHome.resolve("log4j2.properties").toAbsolutePath(),
                "-cp", Files.readString(classpathFile).strip());
    }

    /** What follows {@code java} to run the server: {@link #launch} and {@code kafka.Kafka}. */
    static List<String> server(List<String> launch) {
        return Stream.concat(launch.stream(), Stream.of("kafka.Kafka")).toList();
    }

    /** kafka-storage.sh format: the log directory gets the cluster id and the bootstrap metadata. */
    static void format(List<String> launch, Path properties, Path log, String clusterId)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Service.java()));
        command.addAll(launch);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id", clusterId, "--config",
                properties.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new DemoFailed("Kafka's StorageTool did not finish within 3 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new DemoFailed("Kafka's StorageTool failed (exit " + process.exitValue() + "); see " + log);
        }
    }

    /** A random cluster id as Kafka writes them: 16 bytes, URL-safe Base64 without padding. */
    static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
