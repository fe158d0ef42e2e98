package org.reliablemessaging.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.MessageType;
import org.reliablemessaging.ReliableListener;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Scenario 2: from a service's commit to its {@code @ReliableListener} in the same application, with
 * the relay in process, over Kafka and over the embedded file broker: at 1k msg/s, and stepping the
 * rate up to find the highest one the pipeline sustains.
 */
final class LatencyScenario implements Scenario {

    /** The run in progress: the listener records into it. */
    static volatile LatencyProbe current = new LatencyProbe(-1);

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        double seconds = options.doubleValue("latency.seconds", 8, 2);
        double stepSeconds = options.doubleValue("latency.step-seconds", 5, 1.5);
        int publishers = options.intValue("latency.publishers", 8, 4);
        String[] steps = options.values.getOrDefault("latency.rates", options.smoke ? "1000,4000" : "1000,2000,4000,8000,16000")
            .split(",");
        Section section = harness.section("latency", "2. Commit → handler latency, relay in process",
                String.format(Locale.ROOT, "One Spring Boot application: PostgreSQL outbox, the in-process relay and a "
                        + "`@ReliableListener` (KEY ordering, default concurrency 16, default JDBC idempotency guard) on the "
                        + "same topic. %d publisher threads, each message in its own transaction, paced to the rate (open "
                        + "loop). Latency = handler entry − the message's scheduled publish time (taken before its "
                        + "transaction begins, so it includes the commit and any publisher lag: no coordinated omission). "
                        + "1k msg/s: %.0f s per run. Rate steps (%s msg/s): one run of %.1f s each; a step is sustained "
                        + "when publishers kept ≥ 95 %% of the rate and every message reached the handler within 2 s after "
                        + "publishing stopped. Kafka: embedded broker, 8 partitions; file: embedded file broker, `sync`. "
                        + "For the 1k msg/s runs: CPU time per message of the JVM and of PostgreSQL (from /proc), and the "
                        + "stages below (the publisher's commit as it returns, the consumer's `MessageContext.receivedAt`, "
                        + "the relay's batch timer).",
                        publishers, seconds, String.join(", ", steps), stepSeconds));
        for (String transport : options.values.getOrDefault("latency.transports", "kafka,file").split(",")) {
            Path directory = Files.createDirectories(Path.of("benchmarks", "target").toAbsolutePath())
                .resolve("bench-latency-" + System.nanoTime());
            String topic = "bench-latency-" + System.nanoTime();
            if (transport.equals("kafka")) {
                KafkaBroker.createTopic(topic, 8, Map.of());
            }
            try (Postgres database = Postgres.newSchema("bench_latency")) {
                Map<String, Object> properties = Apps.postgresAndKafka(database);
                properties.put("reliable-messaging.transport", transport);
                properties.put("reliable-messaging.file.embedded.directory", directory.toString());
                properties.put("spring.datasource.hikari.maximum-pool-size", "40");
                properties.put("bench.topic", topic);
                properties.put("bench.group", "latency");
                // --latency.notify=false turns PostgreSQL NOTIFY on commit off (the relay then wakes by in-JVM signal).
                properties.put("reliable-messaging.outbox.notify-commits", options.values.getOrDefault("latency.notify", "true"));
                // --latency.store=none takes the listener's JDBC guard (a commit per message) out, for comparison.
                properties.put("reliable-messaging.idempotency.store", options.values.getOrDefault("latency.store", "jdbc"));
                try (ConfigurableApplicationContext app = Apps.start(LatencyApp.class, properties)) {
                    Outbox outbox = new Outbox(app);
                    List<Stages> stages = new ArrayList<>();
                    CaseResult at1k = harness.measure(transport + ", 1k msg/s", "1,000 msg/s, " + seconds + " s",
                            options.warmups, options.runs, warmup -> {
                                RelayBatchTimer batches = RelayBatchTimer.of(app);
                                CpuMeter cpu = CpuMeter.start(database);
                                RunResult run = cpu.addTo(drive(outbox, topic, 1000, publishers, seconds));
                                if (!warmup) {
                                    stages.add(current.stages(batches.since()));
                                }
                                return run;
                            });
                    section.note(Stages.describe(transport + " at 1k msg/s", stages));
                    double p99 = at1k.percentileMillis(99);
                    section.targets.add(Section.Target.check("Commit → handler p99 ≤ 25 ms at 1k msg/s (" + transport + ")",
                            String.format(Locale.ROOT, "p99 %.1f ms (p50 %.1f, p99.9 %.1f)", p99, at1k.percentileMillis(50),
                                    at1k.percentileMillis(99.9)), p99 <= 25));
                    String best = null;
                    for (String step : steps) {
                        int rate = Integer.parseInt(step.trim());
                        CaseResult result = harness.measure(transport + ", step " + rate + " msg/s",
                                String.format(Locale.ROOT, "%,d msg/s, %.1f s", rate, stepSeconds), 0, 1,
                                warmup -> drive(outbox, topic, rate, publishers, stepSeconds));
                        RunResult run = result.runs().getFirst();
                        boolean sustained = Objects.requireNonNull(run.extra().get("kept rate"), "drive() keeps it")
                                >= 0.95 && Objects.requireNonNull(run.extra().get("drain s"), "drive() keeps it") <= 2;
                        run.extra().put("sustained", sustained ? 1.0 : 0.0);
                        if (!sustained) {
                            break;
                        }
                        best = String.format(Locale.ROOT, "%,d msg/s: p50 %.1f, p99 %.1f, p99.9 %.1f ms", rate,
                                result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(99.9));
                    }
                    section.note("Highest sustained rate, " + transport + ": " + (best == null ? "none of the steps" : best)
                            + " (the next step, if any, was not sustained).");
                }
                if (transport.equals("kafka") && "jdbc".equals(properties.get("reliable-messaging.idempotency.store"))
                        && Boolean.parseBoolean(options.values.getOrDefault("latency.batched", "true"))) {
                    // The latency the JDBC guard's batches cost (or save) at a rate they are not needed for.
                    properties.put("reliable-messaging.idempotency.batch.enabled", "true");
                    try (ConfigurableApplicationContext app = Apps.start(LatencyApp.class, properties)) {
                        Outbox outbox = new Outbox(app);
                        CaseResult batched = harness.measure(transport + ", 1k msg/s, guard in batches",
                                "1,000 msg/s, " + seconds + " s", options.warmups, options.runs,
                                warmup -> drive(outbox, topic, 1000, publishers, seconds));
                        section.note(String.format(Locale.ROOT, "With the JDBC guard in batches "
                                + "(`reliable-messaging.idempotency.batch.enabled=true`), %s at 1k msg/s: p50 %.1f, p99 %.1f, "
                                + "p99.9 %.1f ms.", transport, batched.percentileMillis(50), batched.percentileMillis(99),
                                batched.percentileMillis(99.9)));
                    }
                }
            }
            finally {
                if (transport.equals("kafka")) {
                    KafkaBroker.deleteTopic(topic);
                }
                FileBrokerScenario.delete(directory);
            }
        }
    }

    /** Publishes at {@code rate} for {@code seconds}, then waits for the handler to have them all. */
    private static RunResult drive(Outbox outbox, String topic, int rate, int publishers, double seconds)
            throws InterruptedException {
        LatencyProbe probe = new LatencyProbe(System.nanoTime());
        current = probe;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long interval = (long) (1e9 * publishers / rate);
        AtomicLong published = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            long first = start + interval * p / publishers;
            threads.add(Thread.ofPlatform().name("bench-publisher-" + p).start(() -> {
                long next = first;
                while (next < end) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    outbox.publishOne(topic, Load.randomKey(), new Ping(probe.run, next));
                    probe.committed(next, System.nanoTime());
                    published.incrementAndGet();
                    next += interval;
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long publishedAt = System.nanoTime();
        double publishSeconds = (publishedAt - start) / 1e9;
        long deadline = publishedAt + 60_000_000_000L;
        while (probe.handled.get() < published.get() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        double drain = (System.nanoTime() - publishedAt) / 1e9;
        if (probe.handled.get() < published.get()) {
            throw new IllegalStateException("only " + probe.handled.get() + " of " + published.get() + " handled");
        }
        // Every scheduled message is published, late or not: the publishers kept the rate if they were done on time.
        return RunResult.of(published.get(), publishSeconds, probe.latency.take(), 0)
            .with("kept rate", Math.min(1, seconds / publishSeconds)).with("drain s", drain);
    }

    @MessageType("bench-ping")
    record Ping(long run, long scheduledNanos) {
    }

    static class LatencyListener {

        @ReliableListener(topic = "${bench.topic}", group = "${bench.group}")
        void on(Ping ping, MessageContext context) {
            long now = System.nanoTime();
            LatencyProbe probe = current;
            if (ping.run() == probe.run) {
                probe.handled(ping, context.receivedAt(), now);
            }
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(LatencyListener.class)
    static class LatencyApp {

        /** A registry, as applications have one, so the relay times its batches for the stage breakdown. */
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
