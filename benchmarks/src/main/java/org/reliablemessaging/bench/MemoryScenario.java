package org.reliablemessaging.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import org.reliablemessaging.MessageContext;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Scenario 6: the heap of the relay draining a large outbox backlog, then of a listener draining the
 * same backlog from Kafka. The live heap (after a full collection, every 2 s) must stay flat.
 */
final class MemoryScenario implements Scenario {

    static final java.util.concurrent.atomic.AtomicLong handled = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        int backlog = options.intValue("memory.backlog", 200_000, 10_000);
        Section section = harness.section("memory", "6. Memory while draining a backlog",
                String.format(Locale.ROOT, "%,d outbox rows of 1 KiB in PostgreSQL, drained by one relay (defaults) to "
                        + "Kafka (8 partitions); then that topic drained by one `@ReliableListener` (defaults: concurrency "
                        + "16, max in flight 1000, idempotency none, a handler that does nothing). Every 2 s: `System.gc()` "
                        + "and the heap in use after it (the live set), the whole JVM (the embedded Kafka broker included). "
                        + "Flat = the largest live heap of the second half of the drain ≤ 1.25 × the largest of the first "
                        + "half + 32 MiB. `--memory.backlog=1000000` for the issue's 1M.", backlog));
        String topic = "bench-memory-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 8, Map.of());
        String payload = Outbox.payload(1024);
        try (Postgres database = Postgres.newSchema("bench_memory")) {
            Map<String, Object> properties = Apps.postgresAndKafka(database);
            properties.put("reliable-messaging.transport", "kafka");
            properties.put("reliable-messaging.relay.enabled", "false");
            System.out.printf("  filling the outbox with %,d rows%n", backlog);
            try (ConfigurableApplicationContext filler = Apps.start(RelayScenario.RelayApp.class, properties)) {
                new Outbox(filler).fill(topic, backlog, 1000, payload);
            }
            properties.put("reliable-messaging.relay.enabled", "true");
            Curve relay = new Curve();
            harness.measure("relay draining", String.format(Locale.ROOT, "%,d rows", backlog), 0, 1, warmup -> {
                long start = System.nanoTime();
                try (ConfigurableApplicationContext app = Apps.start(RelayScenario.RelayApp.class, properties)) {
                    relay.follow(backlog, () -> {
                        try {
                            return KafkaBroker.endOffsets(topic);
                        }
                        catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                    });
                }
                return relay.result(backlog, (System.nanoTime() - start) / 1e9);
            });
            properties.put("reliable-messaging.relay.enabled", "false");
            properties.put("bench.topic", topic);
            properties.put("bench.group", "memory");
            Curve consumer = new Curve();
            harness.measure("listener draining", String.format(Locale.ROOT, "%,d messages", backlog), 0, 1, warmup -> {
                handled.set(0);
                long start = System.nanoTime();
                try (ConfigurableApplicationContext app = Apps.start(MemoryApp.class, properties)) {
                    consumer.follow(backlog, handled::get);
                }
                return consumer.result(backlog, (System.nanoTime() - start) / 1e9);
            });
            for (Object[] pair : new Object[][] {{"relay", relay}, {"listener", consumer}}) {
                Curve curve = (Curve) pair[1];
                section.note(pair[0] + ": live heap (MiB) along the drain: " + curve.describe());
                section.targets.add(Section.Target.check("Heap stays flat while the " + pair[0] + " drains a "
                        + String.format(Locale.ROOT, "%,d", backlog) + "-message backlog", curve.summary(), curve.flat()));
            }
        }
        finally {
            KafkaBroker.deleteTopic(topic);
        }
    }

    /** Live heap samples along a drain. */
    static final class Curve {

        final List<long[]> samples = new ArrayList<>(); // {done, liveBytes}

        void follow(long total, LongSupplier done) throws InterruptedException {
            long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
            while (true) {
                long count = done.getAsLong();
                System.gc();
                long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                samples.add(new long[] {count, live});
                if (count >= total) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + count + " of " + total + " after 30 minutes");
                }
                Thread.sleep(2000);
            }
        }

        RunResult result(long total, double seconds) {
            long max = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
            return RunResult.of(total, seconds, null, 0).with("max live MiB", max / 1048576.0)
                .with("samples", samples.size());
        }

        private long maxLive(boolean secondHalf, long total) {
            return samples.stream().filter(s -> (s[0] >= total / 2) == secondHalf).mapToLong(s -> s[1]).max().orElse(0);
        }

        boolean flat() {
            long total = samples.isEmpty() ? 0 : samples.getLast()[0];
            long first = maxLive(false, total);
            long second = maxLive(true, total);
            return second <= first * 1.25 + 32 * 1048576L;
        }

        String summary() {
            long total = samples.isEmpty() ? 0 : samples.getLast()[0];
            return String.format(Locale.ROOT, "max live %.0f MiB in the first half, %.0f MiB in the second",
                    maxLive(false, total) / 1048576.0, maxLive(true, total) / 1048576.0);
        }

        String describe() {
            StringBuilder text = new StringBuilder();
            int step = Math.max(1, samples.size() / 12);
            for (int i = 0; i < samples.size(); i += step) {
                long[] s = samples.get(i);
                text.append(String.format(Locale.ROOT, "%,d→%.0f ", s[0], s[1] / 1048576.0));
            }
            long[] last = samples.getLast();
            text.append(String.format(Locale.ROOT, "… %,d→%.0f", last[0], last[1] / 1048576.0));
            return text.toString();
        }
    }

    static class MemoryListener {

        @ReliableListener(topic = "${bench.topic}", group = "${bench.group}", idempotent = Idempotency.NONE)
        void on(byte[] payload, MessageContext context) {
            handled.incrementAndGet();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(MemoryListener.class)
    static class MemoryApp {
    }
}
