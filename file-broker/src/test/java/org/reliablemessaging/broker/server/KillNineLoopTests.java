package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;

/**
 * The broker process is killed with SIGKILL while clients publish, again and again: after each restart
 * every acknowledged record is where its acknowledgement said, no record is stored twice, and offsets have
 * no gaps. Iterations: {@code -Dkill.iterations=N} (default 8, for the build; each costs about two seconds);
 * {@code file-broker/bin/kill-loop N} runs only this, and {@code bin/chaos --soak} runs it with 1,000.
 * <p>
 * Re-reading everything after every kill would make kill n cost O(n), so each kill checks what can have
 * changed: the records stored since the last check, the tail before them (where a recovery truncates), and
 * a random sample of the rest; every {@code -Dkill.full-check-every=N} kills (default 100) and after the last
 * one, every stored record is read again and compared with what was verified.
 */
class KillNineLoopTests {

    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 4;
    private static final int PUBLISHERS = 4;
    /** Records before the last check's end that are read again after each kill. */
    private static final int TAIL = 2_000;
    /** Older records, per partition, read again at random after each kill. */
    private static final int SAMPLE = 200;

    @TempDir
    Path work;

    @Test
    void acknowledgedRecordsSurviveSigkill() throws Exception {
        int iterations = Integer.getInteger("kill.iterations", 8);
        int fullCheckEvery = Integer.getInteger("kill.full-check-every", 100);
        Path data = work.resolve("data");
        Path log = work.resolve("broker.log");
        VerifiedLog verified = new VerifiedLog();
        long acknowledgedTotal = 0;
        long started = System.nanoTime();
        BrokerProcess broker = BrokerProcess.start(log, "--dir", data.toString(), "--port", "0");
        try {
            try (RemoteBroker client = connect(broker)) {
                client.createTopic(TOPIC, PARTITIONS);
            }
            for (int iteration = 0; iteration < iterations; iteration++) {
                Queue<Acked> acks = publishUntilKilled(broker, iteration);
                acknowledgedTotal += acks.size();
                broker = BrokerProcess.start(log, "--dir", data.toString(), "--port", "0");
                boolean full = (iteration + 1) % fullCheckEvery == 0 || iteration == iterations - 1;
                try (RemoteBroker client = connect(broker)) {
                    verified.check(client, iteration, full);
                    for (Acked ack : acks) {
                        assertThat(verified.positionOf(ack.value))
                            .as("acknowledged %s at %s (iteration %d)", ack.value, ack.position, iteration)
                            .isEqualTo(ack.position);
                    }
                }
                System.out.printf("kill -9 iteration %d: %d acknowledged in this run, %d in total, %d stored%s, %.0f s%n",
                        iteration, acks.size(), acknowledgedTotal, verified.size(), full ? ", all re-read" : "",
                        (System.nanoTime() - started) / 1e9);
            }
        }
        finally {
            broker.close();
        }
        assertThat(acknowledgedTotal).as("publishes were acknowledged at all").isPositive();
    }

    /** Publishes from several threads, kills the broker at a random moment, returns what was acknowledged. */
    private static Queue<Acked> publishUntilKilled(BrokerProcess broker, int iteration) throws Exception {
        Queue<Acked> acks = new ConcurrentLinkedQueue<>();
        Queue<CompletableFuture<Throwable>> outstanding = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (RemoteBroker client = connect(broker)) {
            List<Thread> publishers = new ArrayList<>();
            for (int t = 0; t < PUBLISHERS; t++) {
                String prefix = "i" + iteration + "-t" + t + "-";
                publishers.add(Thread.ofPlatform().start(() -> {
                    for (int n = 0; running.get(); n++) {
                        String value = prefix + n;
                        CompletableFuture<RecordPosition> future = client.publish(TOPIC,
                                NewRecord.of(value, value.getBytes(StandardCharsets.UTF_8)));
                        outstanding.add(future.handle((position, failure) -> {
                            if (failure == null) {
                                acks.add(new Acked(value, position));
                            }
                            return failure;
                        }));
                        if (future.isCompletedExceptionally()) {
                            return; // the broker is gone: publishing on would only fail
                        }
                    }
                }));
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(100, 400));
            broker.kill();
            running.set(false);
            for (Thread publisher : publishers) {
                publisher.join();
            }
            for (CompletableFuture<Throwable> outcome : outstanding) {
                Throwable failure = outcome.get();
                assertThat(failure == null || failure instanceof BrokerException brokerFailure && brokerFailure.isRetryable())
                        .as("a publish cut off by the crash fails as retryable, was %s", failure).isTrue();
            }
        }
        return acks;
    }

    private static RemoteBroker connect(BrokerProcess broker) {
        return RemoteBroker.connect(ClientConfig.of("127.0.0.1", broker.port)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).withMaxInFlight(256));
    }

    /** What the checks so far found stored: each partition's values by offset, and each value's position. */
    private static final class VerifiedLog {

        private final List<List<String>> byOffset = new ArrayList<>();
        private final Map<String, RecordPosition> positions = new HashMap<>();

        VerifiedLog() {
            for (int p = 0; p < PARTITIONS; p++) {
                byOffset.add(new ArrayList<>());
            }
        }

        /**
         * Reads the records stored since the last check (each stored once, offsets dense) and, again, the tail
         * before them and a sample of the rest (or, when full, all of them), which must be unchanged.
         */
        void check(RemoteBroker client, int iteration, boolean full) {
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition partition = new TopicPartition(TOPIC, p);
                List<String> values = byOffset.get(p);
                long end = client.offsets(partition).end();
                assertThat(end).as("%s keeps the %d records verified before (iteration %d)", partition,
                        values.size(), iteration).isGreaterThanOrEqualTo(values.size());
                long from = full ? 0 : Math.max(0, values.size() - TAIL);
                if (!full) {
                    for (int i = 0; i < SAMPLE && from > 0; i++) {
                        long offset = ThreadLocalRandom.current().nextLong(from);
                        readRange(client, partition, offset, offset + 1, iteration);
                    }
                }
                readRange(client, partition, from, end, iteration);
            }
        }

        private void readRange(RemoteBroker client, TopicPartition partition, long from, long to, int iteration) {
            List<String> values = byOffset.get(partition.partition());
            long next = from;
            while (next < to) {
                List<StoredRecord> batch = client.read(partition, next, (int) Math.min(1000, to - next));
                assertThat(batch).as("%s has records from offset %d up to its end %d (iteration %d)", partition, next, to,
                        iteration).isNotEmpty();
                for (StoredRecord record : batch) {
                    assertThat(record.offset()).as("offsets of %s are dense (iteration %d)", partition, iteration)
                        .isEqualTo(next);
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (next < values.size()) {
                        assertThat(value).as("%s at offset %d unchanged since it was verified (iteration %d)", partition,
                                next, iteration).isEqualTo(values.get((int) next));
                    }
                    else {
                        RecordPosition earlier = positions.put(value, new RecordPosition(partition, next));
                        assertThat(earlier).as("value %s stored once (iteration %d)", value, iteration).isNull();
                        values.add(value);
                    }
                    next++;
                }
            }
        }

        RecordPosition positionOf(String value) {
            return positions.get(value);
        }

        int size() {
            return positions.size();
        }
    }

    private record Acked(String value, RecordPosition position) {
    }
}
