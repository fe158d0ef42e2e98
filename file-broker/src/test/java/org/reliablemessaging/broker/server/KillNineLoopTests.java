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
 * no gaps. Iterations: {@code -Dkill.iterations=N} (default 20); {@code bin/kill-loop N} runs only this.
 */
class KillNineLoopTests {

    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 4;
    private static final int PUBLISHERS = 4;

    @TempDir
    Path work;

    @Test
    void acknowledgedRecordsSurviveSigkill() throws Exception {
        int iterations = Integer.getInteger("kill.iterations", 20);
        Path data = work.resolve("data");
        Path log = work.resolve("broker.log");
        Map<String, RecordPosition> acknowledged = new HashMap<>();
        BrokerProcess broker = BrokerProcess.start(log, "--dir", data.toString(), "--port", "0");
        try {
            try (RemoteBroker client = connect(broker)) {
                client.createTopic(TOPIC, PARTITIONS);
            }
            for (int iteration = 0; iteration < iterations; iteration++) {
                Queue<Acked> acks = publishUntilKilled(broker, iteration);
                acks.forEach(ack -> acknowledged.put(ack.value, ack.position));
                broker = BrokerProcess.start(log, "--dir", data.toString(), "--port", "0");
                try (RemoteBroker client = connect(broker)) {
                    verify(client, acknowledged, iteration);
                }
                System.out.printf("kill -9 iteration %d: %d acknowledged in this run, %d in total%n", iteration, acks.size(),
                        acknowledged.size());
            }
        }
        finally {
            broker.close();
        }
        assertThat(acknowledged).as("publishes were acknowledged at all").isNotEmpty();
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

    private static void verify(RemoteBroker client, Map<String, RecordPosition> acknowledged, int iteration) {
        Map<String, RecordPosition> stored = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition partition = new TopicPartition(TOPIC, p);
            long end = client.offsets(partition).end();
            long next = 0;
            while (next < end) {
                for (StoredRecord record : client.read(partition, next, 1000)) {
                    assertThat(record.offset()).as("offsets of %s are dense (iteration %d)", partition, iteration).isEqualTo(next);
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    RecordPosition earlier = stored.put(value, new RecordPosition(partition, next));
                    assertThat(earlier).as("value %s stored once (iteration %d)", value, iteration).isNull();
                    next++;
                }
            }
        }
        acknowledged.forEach((value, position) -> assertThat(stored.get(value))
                .as("acknowledged %s at %s (iteration %d)", value, position, iteration).isEqualTo(position));
    }

    private static RemoteBroker connect(BrokerProcess broker) {
        return RemoteBroker.connect(ClientConfig.of("127.0.0.1", broker.port)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)).withMaxInFlight(256));
    }

    private record Acked(String value, RecordPosition position) {
    }
}
