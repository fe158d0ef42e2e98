package org.reliablemessaging.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.time.Duration;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.kafka.RelayProducerConfig;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 1: how fast a backlog of outbox rows in PostgreSQL reaches Kafka while a producer keeps
 * publishing: our relay (1 and 3 instances), Namastack Outbox and Spring Modulith (each in a JVM of
 * its own on its Spring Boot line, see {@link Peers}), and a bare send loop with the relay's producer
 * settings, the limit.
 */
final class RelayScenario implements Scenario {

    private static final String DATABASE_LOOP = "bare database loop (limit)";

    private static final String CO_LOCATED = "both bare loops at once (co-located limit)";

    private static final String OURS_ALONE = "ours, 1 relay instance, no producer";

    private static final String JVM_CPU = "JVM CPU µs/msg";

    private static final String PG_CPU = "PostgreSQL CPU µs/msg";

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        int rows = options.intValue("relay.rows", 100_000, 5_000);
        int batchSize = options.intValue("relay.batch-size", 500, 500);
        double rate = options.doubleValue("relay.producer-rate", 500, 200);
        int payloadBytes = 1024;
        Section section = harness.section("relay", "1. Relay throughput, PostgreSQL → Kafka",
                String.format(Locale.ROOT, "%,d outbox rows of 1 KiB (a JSON string), random keys of %d, pre-filled in "
                        + "transactions of 1000; then the relay starts while a steady producer adds %.0f msg/s (one message "
                        + "per transaction) until the backlog is through. Kafka topic of 8 partitions. Throughput = every "
                        + "message delivered ÷ time from the first record in Kafka to the last (end offsets polled every "
                        + "20 ms), so start-up is excluded. Ours: Spring Boot application, `outbox-relay` defaults "
                        + "(16 shards, batch %d), `spring.kafka` defaults (the relay forces acks=all, idempotence); 3 "
                        + "instances = 3 application contexts in one JVM sharing the shards. Bare loop: one KafkaProducer "
                        + "with the relay's settings (RelayProducerConfig) sending the same count of 1 KiB records with "
                        + "the same headers, pipelined, no database.",
                        rows, Load.KEYS, rate, batchSize)
                        + " Bare database loop: the relay's claim statement (sort off, as the relay sets it) and a delete "
                        + "of the claimed ids, each its own transaction, on pre-filled rows, nothing else. Co-located limit: "
                        + "the bare database loop and the bare send loop at the same time in two threads, the same count "
                        + "each; done when both are. CPU µs/msg: CPU time of the benchmark JVM (which also runs the Kafka "
                        + "broker and, for ours, the steady producer) and of every PostgreSQL process, from /proc, per "
                        + "message delivered. \"No producer\": the same drain without the steady producer, which "
                        + "the bare loops do not carry either.");
        String payload = Outbox.payload(payloadBytes);
        harness.measure("bare send loop (limit)", String.format(Locale.ROOT, "%,d × 1 KiB", rows),
                warmup -> measuredBareLoop(warmup ? Math.max(1, rows / 5) : rows, payloadBytes));
        harness.measure(DATABASE_LOOP, String.format(Locale.ROOT, "%,d × 1 KiB, batch %d", rows, batchSize),
                warmup -> RelayLimits.databaseLoop(warmup ? Math.max(1, rows / 5) : rows, batchSize, payload));
        harness.measure(CO_LOCATED, String.format(Locale.ROOT, "%,d × 1 KiB each", rows),
                warmup -> RelayLimits.coLocated(warmup ? Math.max(1, rows / 5) : rows, batchSize, payload, payloadBytes));
        // Warm-ups drain a fifth of the backlog: enough for the JIT, and the whole run stays near 15 minutes.
        for (String count : options.values.getOrDefault("relay.instances", "1,3").split(",")) {
            int instances = Integer.parseInt(count.strip());
            harness.measure("ours, " + instances + " relay instance" + (instances > 1 ? "s" : ""),
                    String.format(Locale.ROOT, "%,d rows + %.0f msg/s", rows, rate),
                    warmup -> ours(instances, warmup ? Math.max(1, rows / 5) : rows, rate, payload, batchSize));
        }
        // The bare loops carry no producer: this case is the relay alone, like for like with the co-located limit.
        harness.measure(OURS_ALONE, String.format(Locale.ROOT, "%,d rows, no producer", rows),
                warmup -> ours(1, warmup ? Math.max(1, rows / 5) : rows, 0, payload, batchSize));
        // The peers are an order of magnitude slower: a smaller backlog keeps their runs within minutes.
        Peers.relay(harness, section, options.intValue("relay.peer-rows", 20_000, 2_000), rate);
        section.throughputRatio("ours 1 instance / bare loop", "ours, 1 relay instance", "bare send loop (limit)");
        section.throughputRatio("ours 3 instances / bare loop", "ours, 3 relay instances", "bare send loop (limit)");
        Double namastack = section.throughputRatio("ours 1 instance / Namastack", "ours, 1 relay instance",
                Peers.NAMASTACK);
        Double modulith = section.throughputRatio("ours 1 instance / Spring Modulith", "ours, 1 relay instance",
                Peers.MODULITH);
        section.throughputRatio("Namastack / bare loop", Peers.NAMASTACK, "bare send loop (limit)");
        section.throughputRatio("Spring Modulith / bare loop", Peers.MODULITH, "bare send loop (limit)");
        section.throughputRatio("ours 1 instance / co-located limit", "ours, 1 relay instance", CO_LOCATED);
        section.throughputRatio("ours 1 instance without the producer / co-located limit", OURS_ALONE, CO_LOCATED);
        CaseResult ours = section.find("ours, 1 relay instance");
        CaseResult alone = section.find(OURS_ALONE);
        CaseResult bare = section.find("bare send loop (limit)");
        CaseResult database = section.find(DATABASE_LOOP);
        CaseResult coLocated = section.find(CO_LOCATED);
        if (alone != null && ours != null && coLocated != null) {
            double share = alone.throughput() / coLocated.throughput();
            section.targets.add(Section.Target.check("Relay PG → Kafka, 1 KiB: ≥ 80 % of the co-located limit",
                    String.format(Locale.ROOT, "%.0f %% without the producer (%,.0f vs %,.0f msg/s); %.0f %% with it "
                            + "(%,.0f msg/s)", share * 100, alone.throughput(), coLocated.throughput(),
                            100 * ours.throughput() / coLocated.throughput(), ours.throughput()), share >= 0.8));
        }
        if (ours != null && bare != null) {
            double share = ours.throughput() / bare.throughput();
            section.targets.add(Section.Target.check("Relay PG → Kafka, 1 KiB: ≥ 50 % of the bare send loop (the "
                    + "target for a database on a host of its own)", String.format(Locale.ROOT, "%.0f %% (%,.0f vs %,.0f "
                            + "msg/s)", share * 100, ours.throughput(), bare.throughput()), share >= 0.5));
        }
        if (bare != null && database != null) {
            for (CaseResult relay : Stream.of(alone, ours).filter(Objects::nonNull).toList()) {
                section.note(String.format(Locale.ROOT, "CPU per message beyond the two bare loops' sum, %s: JVM "
                        + "%+.1f µs, PostgreSQL %+.1f µs (it: %.1f and %.1f µs; bare send loop %.1f µs JVM; bare database "
                        + "loop %.1f µs JVM and %.1f µs PostgreSQL).", relay.name(),
                        relay.extra(JVM_CPU) - bare.extra(JVM_CPU) - database.extra(JVM_CPU),
                        relay.extra(PG_CPU) - bare.extra(PG_CPU) - database.extra(PG_CPU), relay.extra(JVM_CPU),
                        relay.extra(PG_CPU), bare.extra(JVM_CPU), database.extra(JVM_CPU), database.extra(PG_CPU)));
            }
        }
        addPeerTarget(section, "Namastack Outbox", namastack);
        addPeerTarget(section, "Spring Modulith externalization", modulith);
    }

    private static void addPeerTarget(Section section, String peer, @Nullable Double ratio) {
        String goal = "Relay PG → Kafka: ≥ 3× " + peer;
        if (ratio == null) {
            section.targets.add(new Section.Target(goal, "peer did not run (see notes)", "not measured"));
        }
        else {
            section.targets.add(Section.Target.check(goal, String.format(Locale.ROOT, "%.2f×", ratio), ratio >= 3));
        }
    }

    /** The bare send loop with the CPU time it took (PostgreSQL's only for comparison: it should idle). */
    private static RunResult measuredBareLoop(int count, int payloadBytes) throws Exception {
        try (Postgres meterOnly = Postgres.newSchema("bench_cpu")) {
            CpuMeter cpu = CpuMeter.start(meterOnly);
            return cpu.addTo(bareLoop(count, payloadBytes));
        }
    }

    static RunResult bareLoop(int count, int payloadBytes) throws Exception {
        String topic = "bench-bare-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 8, Map.of());
        Map<String, Object> config = RelayProducerConfig.of(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.bootstrap()), Map.of(), Duration.ofSeconds(30));
        byte[] value = Outbox.payload(payloadBytes).getBytes(StandardCharsets.UTF_8);
        long start;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                String key = Load.randomKey();
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
                record.headers().add(ReliableHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.TYPE, "String".getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.KEY, key.getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.SEQUENCE, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.PUBLISHED_AT,
                        java.time.Instant.now().toString().getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        KafkaBroker.deleteTopic(topic);
        return RunResult.of(count, seconds, null, 0);
    }

    static RunResult ours(int instances, int rows, double rate, String payload, int batchSize) throws Exception {
        String topic = "bench-relay-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 8, Map.of());
        try (Postgres database = Postgres.newSchema("bench_relay")) {
            Map<String, Object> properties = Apps.postgresAndKafka(database);
            properties.put("reliable-messaging.transport", "kafka");
            properties.put("reliable-messaging.relay.enabled", "false");
            try (ConfigurableApplicationContext filler = Apps.start(RelayApp.class, properties)) {
                new Outbox(filler).fill(topic, rows, 1000, payload);
            }
            properties.put("reliable-messaging.relay.enabled", "true");
            properties.put("reliable-messaging.relay.batch-size", Integer.toString(batchSize));
            List<ConfigurableApplicationContext> relays = new ArrayList<>();
            try (DeliveryWatch watch = new DeliveryWatch(topic)) {
                for (int i = 0; i < instances; i++) {
                    relays.add(Apps.start(RelayApp.class, properties));
                }
                // From here on: the applications' start-up is not the relay's cost per message.
                long deliveredBefore = watch.delivered();
                CpuMeter cpu = CpuMeter.start(database);
                Outbox producer = new Outbox(relays.getFirst());
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong produced = new AtomicLong();
                Thread steady = Thread.ofPlatform().name("bench-steady-producer").start(() -> {
                    if (rate > 0) {
                        produced.set(Outbox.steady(producer, topic, payload, rate, () -> stop.get()));
                    }
                });
                watch.awaitAtLeast(rows, Duration.ofMinutes(10));
                stop.set(true);
                steady.join();
                RunResult result = watch.awaitAtLeast(rows + produced.get(), Duration.ofMinutes(5));
                return cpu.addTo(result, result.messages() - deliveredBefore);
            }
            finally {
                relays.forEach(ConfigurableApplicationContext::close);
                KafkaBroker.deleteTopic(topic);
            }
        }
    }

    /**
     * Polls a topic's end offsets every 20 ms on its own thread from its creation on: when the first
     * record arrived, and when a count was reached.
     */
    static final class DeliveryWatch implements AutoCloseable {

        private final String topic;

        private volatile long first;

        private volatile long delivered;

        private volatile long polledAt;

        private volatile @Nullable Exception failure;

        private final Thread poller;

        DeliveryWatch(String topic) {
            this.topic = topic;
            poller = Thread.ofPlatform().daemon().name("bench-delivery-watch").start(this::poll);
        }

        private void poll() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long count = KafkaBroker.endOffsets(topic);
                    long now = System.nanoTime();
                    if (count > 0 && first == 0) {
                        first = now;
                    }
                    delivered = count;
                    polledAt = now;
                    Thread.sleep(20);
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (Exception ex) {
                    failure = ex;
                }
            }
        }

        long delivered() {
            return delivered;
        }

        RunResult awaitAtLeast(long count, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (delivered < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + delivered + " of " + count + " reached " + topic
                            + (failure != null ? " (last poll failed: " + failure + ")" : ""));
                }
                Thread.sleep(5);
            }
            return RunResult.of(delivered, (polledAt - first) / 1e9, null, 0);
        }

        @Override
        public void close() {
            poller.interrupt();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RelayApp {
    }
}
