package org.reliablemessaging.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay peers, Namastack Outbox and Spring Modulith, are built for Spring Boot 4.0 while the product
 * is on 4.1: they live in the Maven module {@code benchmarks/peer-boot40} with Spring Boot 4.0's BOM, and
 * each run is a JVM of its own started here ({@code org.reliablemessaging.bench.peer.PeerMain}) against
 * this JVM's Kafka broker and a fresh PostgreSQL schema.
 */
final class Peers {

    static final String NAMASTACK = "namastack-outbox";

    static final String MODULITH = "spring-modulith externalization";

    private static final Pattern RESULT = Pattern.compile("PEER-RESULT messages=(\\d+) seconds=([0-9.]+) heap=(\\d+)");

    private Peers() {
    }

    static void relay(Harness harness, Section section, int rows, double rate) {
        String classpath = System.getProperty("bench.peer.classpath");
        if (classpath == null) {
            section.note("Namastack Outbox and Spring Modulith were not run: start the benchmark with bin/bench, which "
                    + "builds benchmarks/peer-boot40 and passes its class path.");
            return;
        }
        section.note("Peers ran in their own JVM (module benchmarks/peer-boot40, Spring Boot 4.0.6 BOM, kafka-clients of "
                + "that line), same Kafka broker and PostgreSQL, same 1 KiB payloads, keys, pre-fill and steady producer. "
                + "Namastack Outbox 1.6.0 (JDBC starter): a backlog filled with `Outbox.schedule(payload, key)` while its "
                + "poller was idle; then an `OutboxHandler` sends each record with a `KafkaTemplate` (String serializers, acks=all, "
                + "idempotence) and waits for the ack (a handler must finish before the record counts as done). Tuned for throughput, not its "
                + "defaults (10 keys every 2 s): polling every 100 ms, batch of 100 keys, executor 8–16 threads, completed "
                + "records deleted. Spring Modulith 2.0.3 (events JDBC + Kafka externalization, completion mode update): "
                + "events published in the transaction and externalized after commit; the backlog is publications "
                + "whose externalization failed while Kafka was \"offline\" (a failing `KafkaOperations` in the filling "
                + "application), resubmitted with `IncompleteEventPublications.resubmitIncompletePublications` when "
                + "the measured application starts, while new events go out after each commit.");
        int peerRuns = harness.options.intValue("relay.peer-runs", 1, 1);
        String only = harness.options.values.getOrDefault("relay.peers", "namastack,modulith");
        for (String[] peer : new String[][] {{"namastack", NAMASTACK}, {"modulith", MODULITH}}) {
            if (!only.contains(peer[0])) {
                continue;
            }
            try {
                harness.measure(peer[1], String.format(Locale.ROOT, "%,d rows + %.0f msg/s, own JVM", rows, rate),
                        0, peerRuns, warmup -> run(classpath, peer[0], rows, rate));
            }
            catch (Exception ex) {
                section.note(peer[1] + " did not complete: " + ex.getMessage());
            }
        }
    }

    static RunResult run(String classpath, String peer, int rows, double rate) throws Exception {
        String topic = "bench-peer-" + peer + "-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 8, Map.of());
        try (Postgres database = Postgres.newSchema("bench_" + peer)) {
            List<String> command = new ArrayList<>(List.of(System.getProperty("bench.java", "java"), "-Xms512m",
                    "-Xmx2g", "-Dspring.main.banner-mode=off", "-Dlogging.level.io.namastack=" + System.getProperty("bench.peer.log-level", "WARN"), "-Dpeer.timeout-minutes=" + System.getProperty("bench.peer.timeout-minutes", "6"), "-cp", classpath,
                    "org.reliablemessaging.bench.peer.PeerMain", peer, KafkaBroker.bootstrap(), database.url(),
                    Postgres.USER, topic, Integer.toString(rows), Double.toString(rate)));
            java.nio.file.Path log = java.nio.file.Path.of("benchmarks", "target", "peer-" + peer + "-" + System.nanoTime()
                    + ".log").toAbsolutePath();
            java.nio.file.Files.createDirectories(log.getParent());
            System.out.println("  " + peer + " runs in its own JVM; its output goes to " + log);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            java.io.Writer copy = java.nio.file.Files.newBufferedWriter(log);
            StringBuilder tail = new StringBuilder();
            RunResult result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    copy.write(line);
                    copy.write('\n');
                    copy.flush();
                    Matcher matcher = RESULT.matcher(line);
                    if (matcher.find()) {
                        result = RunResult.of(Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)), null,
                                Long.parseLong(matcher.group(3)));
                    }
                    else if (line.startsWith("PEER-TIMEOUT")) {
                        System.out.println("  " + line);
                        throw new IllegalStateException("did not deliver the backlog within "
                                + System.getProperty("bench.peer.timeout-minutes", "6") + " minutes: " + line);
                    }
                    else if (line.startsWith("PEER-")) {
                        System.out.println("  " + line);
                    }
                    tail.append(line).append('\n');
                    if (tail.length() > 20_000) {
                        tail.delete(0, tail.length() - 10_000);
                    }
                }
            }
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            if (result == null) {
                throw new IllegalStateException(peer + " exited with " + process.exitValue() + " and no result; its output "
                        + "ended with:\n" + tail.substring(Math.max(0, tail.length() - 3000)));
            }
            return result;
        }
        finally {
            KafkaBroker.deleteTopic(topic);
        }
    }
}
