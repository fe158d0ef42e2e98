package org.reliablemessaging.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.broker.server.ServerConfig;

/**
 * Scenario 4: the file broker's publish rate and latency, embedded and over TCP, against Apache Kafka
 * (embedded KRaft, acks=all) with {@code flush.messages=1} for {@code sync} and Kafka's defaults for
 * {@code none}; the rate a group consumer reads a backlog; and the time to recover a log.
 * {@code --broker.cases=REGEX} runs only the publish cases whose name it finds (say
 * {@code "file tcp sync, 1024 B, 64"}) and no consume or recovery case, to measure one change quickly.
 */
final class FileBrokerScenario implements Scenario {

    private static final int WINDOW = 1000;

    private Harness harness;

    private Options options;

    private Path root;

    private double seconds;

    private double ramp;

    private Pattern cases;

    @Override
    public String name() {
        return "broker";
    }

    @Override
    @Initializer
    public void run(Harness harness) throws Exception {
        this.harness = harness;
        this.options = harness.options;
        seconds = options.doubleValue("broker.seconds", 2, 0.4);
        ramp = options.doubleValue("broker.ramp", 0.5, 0.2);
        boolean full = options.flag("broker.full");
        String selected = options.values.get("broker.cases");
        cases = Pattern.compile(selected != null ? selected : "");
        Path base = Files.createDirectories(Path.of(options.values.getOrDefault("broker.dir", "benchmarks/target")).toAbsolutePath());
        root = Files.createTempDirectory(base,
                "bench-broker-");
        Section section = harness.section("broker", "4. File broker: publish, consume, recover",
                String.format(Locale.ROOT, "Each publish case: %.1f s unmeasured ramp, then %.1f s measured, per run. "
                        + "Senders are closed loops (each waits for its acknowledgement before the next); `pipelined` is one "
                        + "sender with up to %d messages in flight. Keys: %d random. 8 partitions everywhere. The file broker "
                        + "runs with its defaults (64 MiB segments); `tcp` is `BrokerServer` on loopback with one shared "
                        + "`RemoteBroker`. Kafka: the embedded KRaft broker of spring-kafka-test (Apache Kafka %s) in the same "
                        + "JVM, one shared producer with acks=all, idempotence, linger.ms=0 for closed-loop senders and 5 "
                        + "(its default) when pipelined. `sync` is compared with Kafka's topic setting flush.messages=1 "
                        + "(fsync per append), `none` with Kafka's defaults (no fsync; page cache only).",
                        ramp, seconds, WINDOW, Load.KEYS, org.apache.kafka.common.utils.AppInfoParser.getVersion()));
        try {
            int[] sizes = options.smoke ? new int[] {1024} : new int[] {100, 1024};
            int[] senders = options.smoke ? new int[] {1, 64, 0} : new int[] {1, 16, 64, 0};
            warmUp();
            for (int size : sizes) {
                publishCases("sync", size, senders);
            }
            for (int size : full ? sizes : new int[] {1024}) {
                publishCases("none", size, full ? senders : new int[] {64, 0});
            }
            evaluatePublish(section);
            if (selected == null) {
                consumeCases();
                recoveryCases(section);
            }
        }
        finally {
            delete(root);
        }
    }

    private static String senders(int senders) {
        return senders == 0 ? "pipelined" : senders + " senders";
    }

    private void warmUp() throws Exception {
        if (options.warmups == 0) {
            return;
        }
        System.out.println("  warming up the JIT: file broker embedded and over TCP, Kafka");
        try (FileBroker broker = FileBroker.open(BrokerConfig.defaults(root.resolve("warmup")).withDurability(Durability.none()));
                BrokerServer server = BrokerServer.start(broker, ServerConfig.defaults());
                RemoteBroker remote = RemoteBroker.connect(ClientConfig.of("127.0.0.1", server.port()));
                Load.Sink kafka = Load.kafka(kafkaTopic("warmup", Map.of()), 0)) {
            for (Load.Sink sink : List.of(Load.fileBroker(broker, "w"), Load.fileBroker(remote, "w"), kafka)) {
                Load.drive(sink, Load.payload(1024), 16, WINDOW, 0.2, 1.5);
                Load.drive(sink, Load.payload(1024), 0, WINDOW, 0.2, 1.5);
            }
        }
    }

    private String kafkaTopic(String name, Map<String, String> configs) throws Exception {
        String topic = "bench-" + name + "-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 8, configs);
        return topic;
    }

    private void publishCases(String durability, int size, int[] senderCounts) throws Exception {
        byte[] value = Load.payload(size);
        Path dir = root.resolve(durability + "-" + size);
        try (FileBroker broker = FileBroker.open(BrokerConfig.defaults(dir).withDurability(Durability.parse(durability)));
                BrokerServer server = BrokerServer.start(broker, ServerConfig.defaults());
                RemoteBroker remote = RemoteBroker.connect(ClientConfig.of("127.0.0.1", server.port()))) {
            broker.createTopic("bench", 8);
            Map<String, String> kafkaConfig = durability.equals("sync") ? Map.of("flush.messages", "1") : Map.of();
            String kafkaName = durability.equals("sync") ? "flush.messages=1" : "defaults";
            String topic = kafkaTopic(durability + "-" + size, kafkaConfig);
            for (int senders : senderCounts) {
                String params = size + " B, " + senders(senders);
                measure("file embedded " + durability + ", " + params, params,
                        () -> Load.drive(Load.fileBroker(broker, "bench"), value, senders, WINDOW, ramp, seconds));
                measure("file tcp " + durability + ", " + params, params,
                        () -> Load.drive(Load.fileBroker(remote, "bench"), value, senders, WINDOW, ramp, seconds));
                try (Load.Sink kafka = Load.kafka(topic, senders == 0 ? 5 : 0)) {
                    measure("kafka " + kafkaName + ", " + params, params,
                            () -> Load.drive(kafka, value, senders, WINDOW, ramp, seconds));
                }
            }
            KafkaBroker.deleteTopic(topic);
        }
        delete(dir);
    }

    private void measure(String name, String params, java.util.concurrent.Callable<RunResult> run) throws Exception {
        if (cases.matcher(name).find()) {
            harness.measure(name, params, 0, options.runs, warmup -> run.call());
        }
    }

    private void evaluatePublish(Section section) {
        for (String size : new String[] {"100 B", "1024 B"}) {
            for (String senders : new String[] {"1 senders", "16 senders", "64 senders", "pipelined"}) {
                String params = size + ", " + senders;
                section.throughputRatio("file embedded sync / kafka flush.messages=1, " + params,
                        "file embedded sync, " + params, "kafka flush.messages=1, " + params);
                section.throughputRatio("file tcp sync / kafka flush.messages=1, " + params, "file tcp sync, " + params,
                        "kafka flush.messages=1, " + params);
                section.throughputRatio("file embedded none / kafka defaults, " + params, "file embedded none, " + params,
                        "kafka defaults, " + params);
                section.throughputRatio("file tcp none / kafka defaults, " + params, "file tcp none, " + params,
                        "kafka defaults, " + params);
            }
        }
        List<String> behind = new ArrayList<>();
        int compared = 0;
        for (Section.Ratio ratio : section.ratios) {
            if (ratio.label().contains("sync / kafka")) {
                compared++;
                if (ratio.value() < 1) {
                    behind.add(ratio.label().replace(" / kafka flush.messages=1", "") + String.format(Locale.ROOT,
                            " (%.2f×)", ratio.value()));
                }
            }
        }
        if (compared > 0) {
            section.targets.add(Section.Target.check("File broker `sync` ≥ Kafka flush.messages=1 throughput (every "
                    + "size and sender count, embedded and TCP)", behind.isEmpty() ? "ahead in all " + compared + " cases"
                            : "behind in " + behind.size() + " of " + compared + ": " + String.join("; ", behind),
                    behind.isEmpty()));
        }
        CaseResult tcp64 = section.find("file tcp sync, 1024 B, 64 senders");
        if (tcp64 != null) {
            double p99 = tcp64.percentileMillis(99);
            section.targets.add(Section.Target.check("≥ 40k msg/s of 1 KiB from 64 synchronous senders over TCP (`sync`)",
                    String.format(Locale.ROOT, "%,.0f msg/s", tcp64.throughput()), tcp64.throughput() >= 40_000));
            section.targets.add(Section.Target.check("… with p99 ≤ 3 ms", String.format(Locale.ROOT, "p99 %.2f ms", p99),
                    p99 <= 3));
        }
    }

    private void consumeCases() throws Exception {
        int messages = options.intValue("broker.consume-messages", 200_000, 20_000);
        byte[] value = Load.payload(1024);
        Path dir = root.resolve("consume");
        String kafkaTopic = kafkaTopic("consume", Map.of());
        try (FileBroker broker = FileBroker.open(BrokerConfig.defaults(dir).withDurability(Durability.none()));
                BrokerServer server = BrokerServer.start(broker, ServerConfig.defaults());
                RemoteBroker remote = RemoteBroker.connect(ClientConfig.of("127.0.0.1", server.port()));
                Load.Sink kafka = Load.kafka(kafkaTopic, 5)) {
            broker.createTopic("backlog", 8);
            fill(Load.fileBroker(broker, "backlog"), value, messages);
            fill(kafka, value, messages);
            String params = String.format(Locale.ROOT, "%,d × 1 KiB backlog, 8 partitions, poll 1000", messages);
            int[] group = {0};
            harness.measure("consume file embedded (group)", params, 0, options.runs,
                    warmup -> consume(broker, "g" + group[0]++, messages));
            harness.measure("consume file tcp (group)", params, 0, options.runs,
                    warmup -> consume(remote, "g" + group[0]++, messages));
            harness.measure("consume kafka (KafkaConsumer)", params + " (max.poll.records=1000)", 0, options.runs,
                    warmup -> consumeKafka(kafkaTopic, "g" + group[0]++, messages));
        }
        KafkaBroker.deleteTopic(kafkaTopic);
        delete(dir);
    }

    private static void fill(Load.Sink sink, byte[] value, long messages) throws InterruptedException {
        Semaphore slots = new Semaphore(WINDOW);
        for (long i = 0; i < messages; i++) {
            slots.acquire();
            CompletableFuture<?> sent = sink.send(Load.randomKey(), value);
            sent.whenComplete((ok, ex) -> slots.release());
        }
        slots.acquire(WINDOW);
    }

    private static RunResult consume(BrokerClient broker, String group, int messages) {
        long start = System.nanoTime();
        long count = 0;
        try (GroupConsumer consumer = broker.joinGroup(group, List.of("backlog"))) {
            while (count < messages) {
                Fetch fetch = consumer.poll(1000, Duration.ofMillis(200));
                count += fetch.records().size();
                if (System.nanoTime() - start > 300e9) {
                    throw new IllegalStateException("consumed only " + count + " of " + messages);
                }
            }
        }
        return RunResult.of(count, (System.nanoTime() - start) / 1e9, null, 0);
    }

    private static RunResult consumeKafka(String topic, String group, int messages) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        long start = System.nanoTime();
        long count = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (count < messages) {
                count += consumer.poll(Duration.ofMillis(200)).count();
                if (System.nanoTime() - start > 300e9) {
                    throw new IllegalStateException("consumed only " + count + " of " + messages);
                }
            }
        }
        return RunResult.of(count, (System.nanoTime() - start) / 1e9, null, 0);
    }

    private void recoveryCases(Section section) throws Exception {
        List<Long> sizes = options.smoke ? List.of(16L << 20)
                : List.of(64L << 20, options.longValue("broker.recovery-large-mib", 1024, 1024) << 20);
        byte[] value = Load.payload(1024);
        for (long bytes : sizes) {
            String label = bytes >= 1L << 30 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
            Path dir = root.resolve("recover-" + label.replace(' ', '-'));
            Path crashImage = root.resolve("crash-" + label.replace(' ', '-'));
            long records = bytes / 1100; // a 1 KiB record takes a little over 1100 bytes with its frame and key
            // No checkpoint while writing: the crash image must be replayed from its first byte (the worst case).
            BrokerConfig writing = BrokerConfig.defaults(dir).withDurability(Durability.none())
                .withCheckpointInterval(Duration.ofDays(1));
            try (FileBroker broker = FileBroker.open(writing)) {
                broker.createTopic("log", 8);
                fill(Load.fileBroker(broker, "log"), value, records);
                copy(dir, crashImage); // the files as a kill -9 would leave them
            }
            double mib = bytes / 1048576.0;
            String params = String.format(Locale.ROOT, "%,d records of 1 KiB (~%,.0f MiB of log)", records, mib);
            harness.measure("recover " + label + " after a crash (no checkpoint)", params, 0, options.runs, warmup -> {
                Path copy = root.resolve("recovering");
                copy(crashImage, copy);
                long start = System.nanoTime();
                FileBroker recovered = FileBroker.open(BrokerConfig.defaults(copy));
                double took = (System.nanoTime() - start) / 1e9;
                recovered.close();
                delete(copy);
                return RunResult.of(records, took, null, 0).with("recovery ms", took * 1000)
                    .with("MiB/s", mib / took);
            });
            harness.measure("reopen " + label + " after a clean close", params, 0, options.runs, warmup -> {
                long start = System.nanoTime();
                FileBroker reopened = FileBroker.open(BrokerConfig.defaults(dir));
                double took = (System.nanoTime() - start) / 1e9;
                reopened.close();
                return RunResult.of(records, took, null, 0).with("recovery ms", took * 1000);
            });
            delete(crashImage);
            delete(dir);
        }
        section.note("Recovery: the crash image is a copy of the broker's files taken while it was open (no final "
                + "checkpoint), written with checkpoints off, so the whole log is replayed and every frame's CRC32C checked. "
                + "With the default 30 s checkpoint interval a real crash replays at most the last 30 s of writes. "
                + "The page cache is warm (the image was just copied).");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
