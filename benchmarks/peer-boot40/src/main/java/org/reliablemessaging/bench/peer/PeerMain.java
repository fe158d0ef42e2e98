package org.reliablemessaging.bench.peer;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.namastack.outbox.Outbox;
import io.namastack.outbox.handler.OutboxHandler;
import io.namastack.outbox.handler.OutboxRecordMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay scenario for one peer on its own Spring Boot line, in a JVM of its own:
 * {@code PeerMain namastack|modulith BOOTSTRAP JDBC_URL USER TOPIC ROWS RATE}. It fills the peer's
 * outbox with ROWS messages of 1 KiB while the peer cannot deliver, starts it, adds RATE msg/s with a
 * steady producer until the backlog is through, and prints
 * {@code PEER-RESULT messages=N seconds=S heap=BYTES}: every message in Kafka ÷ the time from the
 * first record in the topic to the last, as the benchmark measures its own relay.
 */
public final class PeerMain {

    static volatile boolean relaying;

    static final AtomicLong early = new AtomicLong();

    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        String peer = args[0];
        String bootstrap = args[1];
        String topic = args[4];
        long rows = Long.parseLong(args[5]);
        double rate = Double.parseDouble(args[6]);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", args[2]);
        properties.put("spring.datasource.username", args[3]);
        properties.put("spring.datasource.hikari.maximum-pool-size", "20");
        properties.put("spring.kafka.bootstrap-servers", bootstrap);
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.jmx.enabled", "false");
        properties.put("bench.topic", topic);
        String payload = payload(1024);
        HeapPeak heap = new HeapPeak();
        long[] result = switch (peer) {
            case "namastack" -> namastack(properties, bootstrap, topic, rows, rate, payload);
            case "modulith" -> modulith(properties, bootstrap, topic, rows, rate, payload);
            default -> throw new IllegalArgumentException("unknown peer " + peer);
        };
        if (early.get() > 0) {
            System.out.println("PEER-WARNING " + early.get() + " messages were handled while filling");
        }
        System.out.printf(java.util.Locale.ROOT, "PEER-RESULT messages=%d seconds=%.4f heap=%d%n", result[0],
                result[1] / 1e9, heap.peak.get());
        System.exit(0);
    }

    // ---- Namastack Outbox: records scheduled with Outbox.schedule, a handler sends each to Kafka and waits for the ack.

    static long[] namastack(Map<String, Object> common, String bootstrap, String topic, long rows, double rate,
            String payload) throws Exception {
        // Its @OutboxEvent multicaster is not used here, and would clash with Spring Modulith's on the class path.
        common = new LinkedHashMap<>(common);
        common.put("namastack.outbox.multicaster.enabled", "false");
        // Spring Modulith's Kafka module, on the same class path, makes byte[] the default value serializer.
        common.put("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.StringSerializer");
        Map<String, Object> filling = new LinkedHashMap<>(common);
        filling.put("spring.modulith.events.externalization.enabled", "false");
        filling.put("namastack.outbox.polling.fixed.interval", "1h");
        filling.put("namastack.outbox.processing.publish-after-save", "false");
        filling.put("namastack.outbox.multicaster.publish-after-save", "false");
        try (ConfigurableApplicationContext app = start(NamastackApp.class, filling)) {
            // Its poller polls once at start-up, then every interval (1 h here): fill after that first poll, so
            // nothing is handled (and failed, which would hold its key) before the measured application runs.
            Thread.sleep(3000);
            Outbox outbox = app.getBean(Outbox.class);
            TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            for (long done = 0; done < rows; done += 1000) {
                long n = Math.min(1000, rows - done);
                tx.executeWithoutResult(s -> {
                    for (long i = 0; i < n; i++) {
                        outbox.schedule(payload, randomKey());
                    }
                });
            }
        }
        Map<String, Object> relaying = new LinkedHashMap<>(common);
        relaying.put("spring.modulith.events.externalization.enabled", "false");
        // Tuned for throughput (the defaults poll 10 keys every 2 s): see docs/BENCHMARKS.md.
        relaying.put("namastack.outbox.polling.fixed.interval", System.getProperty("namastack.poll", "100ms"));
        relaying.put("namastack.outbox.polling.batch-size", System.getProperty("namastack.batch", "100"));
        relaying.put("namastack.outbox.processing.executor-core-pool-size", "8");
        relaying.put("namastack.outbox.processing.executor-max-pool-size", "16");
        relaying.put("namastack.outbox.processing.delete-completed-records", "true");
        PeerMain.relaying = true;
        try (Watch watch = new Watch(bootstrap, topic); ConfigurableApplicationContext app = start(NamastackApp.class, relaying)) {
            Outbox outbox = app.getBean(Outbox.class);
            TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            return watch.drain(rows, rate, key -> tx.executeWithoutResult(s -> outbox.schedule(payload, key)));
        }
    }

    /** Namastack's quick start: its processing runs on Spring's scheduler, so the application enables scheduling. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @org.springframework.scheduling.annotation.EnableScheduling
    static class NamastackApp {

        /**
         * Its own template with String serializers and the relay's guarantees (acks=all, idempotence): Spring
         * Modulith's Kafka module on the same class path reconfigures the application's default one.
         */
        @Bean
        KafkaForwarder kafkaForwarder(@Value("${spring.kafka.bootstrap-servers}") String bootstrap,
                @Value("${bench.topic}") String topic) {
            Map<String, Object> config = new HashMap<>();
            config.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
            config.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    org.apache.kafka.common.serialization.StringSerializer.class);
            config.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    org.apache.kafka.common.serialization.StringSerializer.class);
            return new KafkaForwarder(new KafkaTemplate<>(
                    new org.springframework.kafka.core.DefaultKafkaProducerFactory<String, String>(config)), topic);
        }
    }

    static final class KafkaForwarder implements OutboxHandler {

        private final KafkaTemplate<String, String> kafka;

        private final String topic;

        KafkaForwarder(KafkaTemplate<String, String> kafka, String topic) {
            this.kafka = kafka;
            this.topic = topic;
        }

        @Override
        public void handle(Object payload, OutboxRecordMetadata metadata) {
            if (!relaying) {
                early.incrementAndGet();
                throw new IllegalStateException("not relaying yet");
            }
            try {
                kafka.send(topic, metadata.getKey(), (String) payload).get();
            }
            catch (Exception ex) {
                throw new IllegalStateException("Kafka did not take the record (payload " + payload.getClass().getName()
                        + "): " + ex, ex);
            }
        }
    }

    // ---- Spring Modulith: events published in the transaction, externalized to Kafka after commit; a backlog is
    // ---- what failed to go out, resubmitted with IncompleteEventPublications.

    record BenchEvent(String key, String payload) {
    }

    static long[] modulith(Map<String, Object> common, String bootstrap, String topic, long rows, double rate,
            String payload) throws Exception {
        Map<String, Object> base = new LinkedHashMap<>(common);
        base.put("namastack.outbox.enabled", "false");
        base.put("spring.modulith.events.jdbc.schema-initialization.enabled", "true");
        base.put("spring.kafka.producer.value-serializer",
                "org.springframework.kafka.support.serializer.JacksonJsonSerializer");
        Map<String, Object> filling = new LinkedHashMap<>(base);
        filling.put("bench.offline", "true");
        try (ConfigurableApplicationContext app = start(ModulithApp.class, filling)) {
            ApplicationEventPublisher events = app;
            TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            for (long done = 0; done < rows; done += 1000) {
                long n = Math.min(1000, rows - done);
                tx.executeWithoutResult(s -> {
                    for (long i = 0; i < n; i++) {
                        events.publishEvent(new BenchEvent(randomKey(), payload));
                    }
                });
            }
            Thread.sleep(2000); // let the failed externalizations settle
        }
        try (Watch watch = new Watch(bootstrap, topic); ConfigurableApplicationContext app = start(ModulithApp.class, base)) {
            ApplicationEventPublisher events = app;
            TransactionTemplate tx = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
            Thread resubmit = Thread.ofPlatform().name("modulith-resubmit").start(() -> app
                .getBean(IncompleteEventPublications.class).resubmitIncompletePublications(publication -> true));
            long[] result = watch.drain(rows, rate, key -> tx.executeWithoutResult(s -> events.publishEvent(
                    new BenchEvent(key, payload))));
            resubmit.join();
            return result;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ModulithApp {

        @Bean
        EventExternalizationConfiguration eventExternalization(@Value("${bench.topic}") String topic) {
            return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof BenchEvent)
                .route(BenchEvent.class, event -> RoutingTarget.forTarget(topic).andKey(event.key()))
                .build();
        }

        /** While filling, Kafka is "down": every externalization fails and its publication stays incomplete. */
        @Bean
        @Primary
        @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("bench.offline")
        @SuppressWarnings("unchecked")
        KafkaOperations<Object, Object> offlineKafka() {
            return (KafkaOperations<Object, Object>) Proxy.newProxyInstance(PeerMain.class.getClassLoader(),
                    new Class<?>[] {KafkaOperations.class}, (proxy, method, args) -> {
                        if (CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
                            return CompletableFuture.failedFuture(new IllegalStateException("Kafka is offline"));
                        }
                        if (method.getName().equals("toString")) {
                            return "offline KafkaOperations";
                        }
                        if (method.getName().equals("hashCode")) {
                            return System.identityHashCode(proxy);
                        }
                        if (method.getName().equals("equals")) {
                            return proxy == args[0];
                        }
                        throw new IllegalStateException("Kafka is offline");
                    });
        }
    }

    // ---- shared

    static ConfigurableApplicationContext start(Class<?> app, Map<String, Object> properties) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).properties(properties)
            .logStartupInfo(false).registerShutdownHook(false).run();
    }

    static String randomKey() {
        return "key-" + ThreadLocalRandom.current().nextInt(1000);
    }

    static String payload(int bytes) {
        StringBuilder text = new StringBuilder(bytes);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < bytes - 2; i++) {
            text.append((char) ('a' + random.nextInt(16)));
        }
        return text.toString();
    }

    /** Polls the topic's end offsets every 20 ms, as the benchmark does for its own relay. */
    static final class Watch implements AutoCloseable {

        private final Admin admin;

        private final String topic;

        private final Thread poller;

        private volatile long first;

        private volatile long delivered;

        private volatile long polledAt;

        Watch(String bootstrap, String topic) {
            Map<String, Object> config = new HashMap<>();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            this.admin = Admin.create(config);
            this.topic = topic;
            this.poller = Thread.ofPlatform().daemon().name("peer-watch").start(this::poll);
        }

        private void poll() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    var partitions = Objects.requireNonNull(admin.describeTopics(List.of(topic)).allTopicNames().get()
                            .get(topic), "the topic is described").partitions();
                    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                    partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    long count = admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
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
                    LockSupport.parkNanos(20_000_000);
                }
            }
        }

        /** Runs the steady producer until the backlog is delivered, then waits for everything. */
        long[] drain(long rows, double rate, java.util.function.Consumer<String> publishOne) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong produced = new AtomicLong();
            Thread producer = Thread.ofPlatform().name("peer-steady-producer").start(() -> {
                long interval = (long) (1e9 / rate);
                long next = System.nanoTime();
                while (!stop.get()) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    publishOne.accept(randomKey());
                    produced.incrementAndGet();
                    next += interval;
                }
            });
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(Long.getLong("peer.timeout-minutes", 10)).toNanos();
            while (delivered < rows) {
                check(deadline, rows);
                if (delivered == 0 && System.nanoTime() - started > 90_000_000_000L) {
                    System.out.println("PEER-TIMEOUT delivered=0 of " + rows + ": nothing reached Kafka in 90 s");
                    System.exit(3);
                }
                Thread.sleep(5);
            }
            stop.set(true);
            producer.join();
            long total = rows + produced.get();
            while (delivered < total) {
                check(deadline, total);
                Thread.sleep(5);
            }
            return new long[] {delivered, polledAt - first};
        }

        private void check(long deadline, long target) {
            if (System.nanoTime() > deadline) {
                System.out.printf(java.util.Locale.ROOT, "PEER-TIMEOUT delivered=%d of %d, %.0f s after the first%n",
                        delivered, target, (System.nanoTime() - first) / 1e9);
                System.exit(3);
            }
        }

        @Override
        public void close() {
            poller.interrupt();
            admin.close();
        }
    }

    static final class HeapPeak {

        final AtomicLong peak = new AtomicLong();

        HeapPeak() {
            Thread.ofPlatform().daemon().name("peer-heap").start(() -> {
                while (true) {
                    peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    LockSupport.parkNanos(20_000_000);
                }
            });
        }
    }
}
