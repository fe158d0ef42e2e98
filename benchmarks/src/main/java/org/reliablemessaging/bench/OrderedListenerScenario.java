package org.reliablemessaging.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.confluent.parallelconsumer.ParallelConsumerOptions;
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.MessageContext;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliableListener;
import org.reliablemessaging.ReliableListener.Idempotency;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Scenario 3: one Kafka partition, many keys, 0–5 ms of work per message, 100 at once: our
 * {@code @ReliableListener} (KEY ordering) against Confluent's parallel consumer in KEY mode, and the
 * ideal time (the work divided by the concurrency, or the longest key's work if that is more).
 */
final class OrderedListenerScenario implements Scenario {

    static final int CONCURRENCY = 100;

    /** The work of the run in progress, which the listener of the running application does. */
    static volatile @Nullable Work current;

    @Override
    public String name() {
        return "ordered";
    }

    @Override
    public void run(Harness harness) throws Exception {
        Options options = harness.options;
        int messages = options.intValue("ordered.messages", 10_000, 2_000);
        int oneKeyMessages = options.intValue("ordered.one-key-messages", 2_000, 300);
        double maxWorkMs = options.doubleValue("ordered.max-work-ms", 5, 5);
        Section section = harness.section("ordered", "3. Ordered listener: one partition, many keys",
                String.format(Locale.ROOT, "%,d messages on a Kafka topic of 1 partition (%,d with a single key, where the "
                        + "work is serial by definition), keys round-robin; each message sleeps a uniform random 0–%.0f ms "
                        + "(the same seeded sequence for both contenders), %d at once. Ours: `@ReliableListener` "
                        + "(ordering KEY, idempotency NONE, `reliable-messaging.listener.concurrency=%d`, defaults otherwise) "
                        + "in a Spring Boot application with PostgreSQL. Parallel consumer: `ParallelStreamProcessor`, "
                        + "ProcessingOrder.KEY, maxConcurrency %d, defaults otherwise. Time: first handler start to last "
                        + "handler end (start-up and group join excluded). `× ideal` divides it by max(work ÷ %d, the "
                        + "longest key's work). Both check each key's order.",
                        messages, oneKeyMessages, maxWorkMs, CONCURRENCY, CONCURRENCY, CONCURRENCY, CONCURRENCY));
        try (Postgres database = Postgres.newSchema("bench_ordered")) {
            for (int keys : new int[] {1000, 10, 1}) {
                int count = keys == 1 ? oneKeyMessages : messages;
                int warmups = keys == 1000 ? options.warmups : 0;
                long[] work = work(count, maxWorkMs);
                String params = String.format(Locale.ROOT, "%,d msgs, %d keys", count, keys);
                harness.measure("ours @ReliableListener, " + keys + " keys", params, warmups, options.runs,
                        warmup -> ours(database, count, keys, work));
                try {
                    harness.measure("parallel-consumer KEY, " + keys + " keys", params, warmups, options.runs,
                            warmup -> parallelConsumer(count, keys, work));
                }
                catch (Exception | LinkageError ex) {
                    section.note("parallel-consumer did not run with " + keys + " keys: " + ex);
                }
                section.throughputRatio("ours / parallel-consumer, " + keys + " keys", "ours @ReliableListener, " + keys
                        + " keys", "parallel-consumer KEY, " + keys + " keys");
            }
        }
        CaseResult ours = section.find("ours @ReliableListener, 1000 keys");
        CaseResult peer = section.find("parallel-consumer KEY, 1000 keys");
        if (ours != null) {
            double ideal = ours.extra("× ideal");
            section.targets.add(Section.Target.check("Ordered listener, 10k msgs, 1 partition, 1000 keys, 0–5 ms work: "
                    + "≤ 2× the ideal time", String.format(Locale.ROOT, "%.2f× ideal (%,.0f msg/s)", ideal,
                            ours.throughput()), ideal <= 2));
            if (peer != null) {
                section.targets.add(Section.Target.check("… faster than parallel-consumer KEY mode",
                        String.format(Locale.ROOT, "%,.0f vs %,.0f msg/s (%.2f×)", ours.throughput(), peer.throughput(),
                                ours.throughput() / peer.throughput()), ours.throughput() > peer.throughput()));
            }
            else {
                section.targets.add(new Section.Target("… faster than parallel-consumer KEY mode",
                        "parallel-consumer did not run (see notes)", "not measured"));
            }
        }
    }

    /** A uniform random 0..max ms per message, the same sequence for every contender and run. */
    private static long[] work(int count, double maxWorkMs) {
        Random random = new Random(42);
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = (long) (random.nextDouble() * maxWorkMs * 1e6);
        }
        return nanos;
    }

    static String prefill(int count, int keys) throws Exception {
        String topic = "bench-ordered-" + System.nanoTime();
        KafkaBroker.createTopic(topic, 1, Map.of());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            long[] sequences = new long[keys];
            for (int i = 0; i < count; i++) {
                int key = i % keys;
                String name = "key-" + key;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, 0, name,
                        Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.TYPE, "bench".getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.KEY, name.getBytes(StandardCharsets.UTF_8));
                record.headers().add(ReliableHeaders.SEQUENCE,
                        Long.toString(++sequences[key]).getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        return topic;
    }

    private static RunResult ours(Postgres database, int count, int keys, long[] work) throws Exception {
        return ours(database, count, keys, work, OrderedApp.class,
                Map.of("reliable-messaging.listener.concurrency", Integer.toString(CONCURRENCY)));
    }

    /** Our listener application {@code app} on a pre-filled topic, with extra properties. */
    static RunResult ours(Postgres database, int count, int keys, long[] work, Class<?> app, Map<String, Object> extra)
            throws Exception {
        String topic = prefill(count, keys);
        Work run = new Work(count, keys, work);
        current = run;
        Map<String, Object> properties = Apps.postgresAndKafka(database);
        properties.put("reliable-messaging.transport", "kafka");
        properties.put("reliable-messaging.relay.enabled", "false");
        properties.putAll(extra);
        properties.put("bench.topic", topic);
        properties.put("bench.group", "ordered-" + System.nanoTime());
        try (ConfigurableApplicationContext context = Apps.start(app, properties)) {
            run.await();
        }
        KafkaBroker.deleteTopic(topic);
        return run.result();
    }

    private static RunResult parallelConsumer(int count, int keys, long[] work) throws Exception {
        String topic = prefill(count, keys);
        Work run = new Work(count, keys, work);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pc-" + System.nanoTime());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        ParallelConsumerOptions<String, byte[]> options = ParallelConsumerOptions.<String, byte[]>builder()
            .ordering(ProcessingOrder.KEY)
            .maxConcurrency(CONCURRENCY)
            .consumer(consumer)
            .build();
        ParallelStreamProcessor<String, byte[]> processor = ParallelStreamProcessor.createEosStreamProcessor(options);
        try {
            processor.subscribe(List.of(topic));
            processor.poll(context -> {
                var record = context.getSingleConsumerRecord();
                run.handle(record.key(), Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8)));
            });
            run.await();
        }
        finally {
            processor.close(Duration.ofSeconds(10), io.confluent.parallelconsumer.internal.DrainingCloseable.DrainingMode.DONT_DRAIN);
        }
        KafkaBroker.deleteTopic(topic);
        return run.result();
    }

    /** Counts, times and checks one run's handling: per-key order, first start to last end. */
    static final class Work {

        final int count;

        final int keys;

        final long[] nanos;

        final CountDownLatch done;

        final AtomicLong firstStart = new AtomicLong();

        final AtomicLong lastEnd = new AtomicLong();

        final AtomicInteger outOfOrder = new AtomicInteger();

        final AtomicInteger handled = new AtomicInteger();

        final Map<String, Integer> lastIndex = new ConcurrentHashMap<>();

        Work(int count, int keys, long[] nanos) {
            this.count = count;
            this.keys = keys;
            this.nanos = nanos;
            this.done = new CountDownLatch(count);
        }

        void handle(String key, int index) {
            firstStart.compareAndSet(0, System.nanoTime());
            Integer previous = lastIndex.put(key, index);
            if (previous != null && previous >= index) {
                outOfOrder.incrementAndGet();
            }
            try {
                if (nanos[index] > 0) {
                    Thread.sleep(Duration.ofNanos(nanos[index]));
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
            handled.incrementAndGet();
            done.countDown();
        }

        void await() throws InterruptedException {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("handled only " + handled.get() + " of " + count);
            }
        }

        RunResult result() {
            double seconds = (lastEnd.get() - firstStart.get()) / 1e9;
            long total = 0;
            long[] perKey = new long[keys];
            for (int i = 0; i < count; i++) {
                total += nanos[i];
                perKey[i % keys] += nanos[i];
            }
            long longestKey = 0;
            for (long k : perKey) {
                longestKey = Math.max(longestKey, k);
            }
            double ideal = Math.max(total / (double) CONCURRENCY, longestKey) / 1e9;
            return RunResult.of(handled.get(), seconds, null, 0).with("ideal s", ideal).with("× ideal", seconds / ideal)
                .with("out of order", outOfOrder.get());
        }
    }

    /** The listener of the benchmark application: does the run's work for each message. */
    static class OrderedListener {

        @ReliableListener(topic = "${bench.topic}", group = "${bench.group}", idempotent = Idempotency.NONE)
        void on(byte[] payload, MessageContext context) {
            handOver(payload, context);
        }
    }

    /** Hands a listener's message to the work of the run in progress. */
    static void handOver(byte[] payload, MessageContext context) {
        Objects.requireNonNull(current, "no run is in progress").handle(
                Objects.requireNonNull(context.key(), "the benchmark's messages have keys"),
                Integer.parseInt(new String(payload, StandardCharsets.UTF_8)));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrderedListener.class)
    static class OrderedApp {
    }
}
