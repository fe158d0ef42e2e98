package org.reliablemessaging.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerClient;
import org.reliablemessaging.broker.NewRecord;

/** Closed-loop senders (each waits for its acknowledgement) or one pipelined sender, for a fixed time. */
final class Load {

    /** Something that acknowledges a message asynchronously. */
    interface Sink extends AutoCloseable {

        CompletableFuture<?> send(String key, byte[] value);

        @Override
        default void close() {
        }
    }

    static final int KEYS = 1000;

    private static final String[] KEY_NAMES = new String[KEYS];

    static {
        for (int i = 0; i < KEYS; i++) {
            KEY_NAMES[i] = "key-" + i;
        }
    }

    private Load() {
    }

    static String randomKey() {
        return KEY_NAMES[ThreadLocalRandom.current().nextInt(KEYS)];
    }

    static byte[] payload(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + (bytes[i] & 15)); // text-like, as a JSON payload would be
        }
        return bytes;
    }

    static Sink fileBroker(BrokerClient broker, String topic) {
        return (key, value) -> broker.publish(topic, NewRecord.of(key, value));
    }

    /** A Kafka producer with acks=all and idempotence (the relay's guarantees), shared by all senders. */
    static Sink kafka(String topic, int lingerMs) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMs));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        return new Sink() {
            @Override
            public CompletableFuture<?> send(String key, byte[] value) {
                CompletableFuture<Object> done = new CompletableFuture<>();
                producer.send(new ProducerRecord<>(topic, key, value), (metadata, ex) -> {
                    if (ex != null) {
                        done.completeExceptionally(ex);
                    }
                    else {
                        done.complete(metadata);
                    }
                });
                return done;
            }

            @Override
            public void close() {
                producer.close();
            }
        };
    }

    /**
     * Sends {@code value}s with random keys for {@code rampSeconds} unmeasured, then {@code seconds} measured.
     *
     * @param senders closed-loop senders, or 0 for one pipelined sender with {@code window} messages in flight
     */
    static RunResult drive(Sink sink, byte[] value, int senders, int window, double rampSeconds, double seconds)
            throws InterruptedException {
        Latency latency = new Latency();
        LongAdder count = new LongAdder();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Control control = new Control();
        List<Thread> threads = new ArrayList<>();
        if (senders > 0) {
            for (int i = 0; i < senders; i++) {
                threads.add(Thread.ofPlatform().name("bench-sender-" + i).start(() -> {
                    while (!control.stop && failure.get() == null) {
                        long start = System.nanoTime();
                        try {
                            sink.send(randomKey(), value).join();
                        }
                        catch (RuntimeException ex) {
                            failure.compareAndSet(null, ex);
                            return;
                        }
                        if (control.measuring) {
                            latency.recordNanos(System.nanoTime() - start);
                            count.increment();
                        }
                    }
                }));
            }
        }
        else {
            Semaphore slots = new Semaphore(window);
            threads.add(Thread.ofPlatform().name("bench-pipelined-sender").start(() -> {
                try {
                    while (!control.stop && failure.get() == null) {
                        slots.acquire();
                        long start = System.nanoTime();
                        sink.send(randomKey(), value).whenComplete((ok, ex) -> {
                            slots.release();
                            if (ex != null) {
                                failure.compareAndSet(null, ex);
                            }
                            else if (control.measuring) {
                                latency.recordNanos(System.nanoTime() - start);
                                count.increment();
                            }
                        });
                    }
                    slots.acquire(window);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Thread.sleep((long) (rampSeconds * 1000));
        latency.reset();
        count.reset();
        control.measuring = true;
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        control.measuring = false;
        long end = System.nanoTime();
        long messages = count.sum();
        control.stop = true;
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        return RunResult.of(messages, (end - start) / 1e9, latency.take(), 0);
    }

    private static final class Control {
        volatile boolean measuring;
        volatile boolean stop;
    }
}
