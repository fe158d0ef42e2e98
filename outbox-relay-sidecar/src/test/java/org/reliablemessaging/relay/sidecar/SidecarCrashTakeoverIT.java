package org.reliablemessaging.relay.sidecar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.internal.KeyHash;
import org.reliablemessaging.testservices.KafkaTopicReader;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.application;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.inTransaction;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.kafkaSidecar;
import static org.reliablemessaging.relay.sidecar.SidecarKafkaTests.pending;

/**
 * Two sidecar jars share one outbox while writers publish; one is killed with SIGKILL (no shutdown,
 * no lease handed back) and the other takes its shards over once the leases run out. Nothing may be
 * lost and each key must stay in order; duplicates are allowed (at-least-once). Prints how long the
 * takeover took, which it does not assert: the machine is shared.
 */
class SidecarCrashTakeoverIT {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private static final String LEASE_TTL = "3s";

    /** The sidecars' default. */
    private static final int SHARDS = 16;

    private static final int KEYS = 20;

    private static final int WRITERS = 4;

    /** Between two transactions of a writer: a steady flow, not a benchmark. */
    private static final Duration WRITER_PAUSE = Duration.ofMillis(20);

    private final TestDatabase database = TestDatabases.postgres();

    @Test
    void theSurvivorTakesOverTheShardsOfAKilledRelayAndNothingIsLostOrReordered() {
        String topic = TestNames.unique("takeover");
        Map<String, String> environment = kafkaSidecar(database, LEASE_TTL);
        application(database).run(app -> {
            JdbcTemplate outbox = new JdbcTemplate(app.getBean(DataSource.class));
            try (SidecarProcess victim = SidecarProcess.launch(topic + "-victim", environment);
                    SidecarProcess survivor = SidecarProcess.launch(topic + "-survivor", environment)) {
                victim.awaitUp();
                survivor.awaitUp();
                survivor.awaitUntil("sharing the shards with the other relay", PATIENCE,
                        () -> victim.leasedShards(outbox).size() == SHARDS / 2
                                && survivor.leasedShards(outbox).size() == SHARDS / 2);

                Set<Integer> victimShards;
                long killedAt;
                List<UUID> published;
                try (Writers writers = new Writers(app, topic)) {
                    survivor.awaitUntil("relaying while the writers publish", PATIENCE,
                            () -> writers.published() >= 300);
                    victimShards = victim.leasedShards(outbox);
                    assertThat(victimShards).as("shards of the relay about to be killed").isNotEmpty();
                    killedAt = System.currentTimeMillis();
                    victim.kill();

                    survivor.awaitUntil("owning all shards", PATIENCE,
                            () -> survivor.leasedShards(outbox).size() == SHARDS);
                    long allShardsAt = System.currentTimeMillis();
                    int publishedAtTakeover = writers.published();
                    survivor.awaitUntil("relaying messages published after the takeover", PATIENCE,
                            () -> writers.published() >= publishedAtTakeover + 300);
                    published = writers.stop();
                    System.out.printf("Crash takeover with lease-ttl %s: the survivor owned all %d shards %d ms "
                            + "after the kill -9%n", LEASE_TTL, SHARDS, allShardsAt - killedAt);
                }
                survivor.awaitUntil("done with the outbox", PATIENCE, () -> pending(app) == 0);

                List<ConsumerRecord<String, byte[]>> records = KafkaTopicReader.readToEnd(
                        TestBrokers.kafkaBootstrapServers(), topic, PATIENCE);
                assertThat(records.stream().map(r -> KafkaTopicReader.header(r, ReliableHeaders.ID)).distinct()
                    .map(UUID::fromString).toList())
                    .as("every published message arrived").containsExactlyInAnyOrderElementsOf(published);
                assertKeysInOrderWithoutGaps(records);

                List<ConsumerRecord<String, byte[]>> ofVictimShards = records.stream()
                    .filter(r -> victimShards.contains(KeyHash.bucket(r.key(), SHARDS)))
                    .toList();
                assertThat(ofVictimShards).as("relayed by the victim before it was killed")
                    .anyMatch(r -> r.timestamp() < killedAt);
                long firstBySurvivor = ofVictimShards.stream().mapToLong(ConsumerRecord::timestamp)
                    .filter(timestamp -> timestamp >= killedAt).min()
                    .orElseThrow(() -> new AssertionError("The survivor relayed nothing of the victim's shards"));
                System.out.printf("Crash takeover with lease-ttl %s: the first message of the killed relay's shards "
                        + "was relayed by the survivor %d ms after the kill -9; %d messages, %d records%n", LEASE_TTL,
                        firstBySurvivor - killedAt, published.size(), records.size());
            }
        });
    }

    /** For each key, the first arrival of each sequence number comes in order 1, 2, 3, … without a gap. */
    private static void assertKeysInOrderWithoutGaps(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> byKey = records.stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                    r -> Long.parseLong(KafkaTopicReader.header(r, ReliableHeaders.SEQUENCE)), Collectors.toList())));
        assertThat(byKey).hasSize(KEYS);
        byKey.forEach((key, sequences) -> {
            List<Long> firstArrivals = new ArrayList<>(new LinkedHashSet<>(sequences));
            assertThat(firstArrivals).as("sequence of " + key)
                .isEqualTo(LongStream.rangeClosed(1, firstArrivals.size()).boxed().toList());
        });
    }

    /** Threads that publish to {@value #KEYS} keys, one message per transaction, until stopped. */
    private static final class Writers implements AutoCloseable {

        private final ExecutorService threads = Executors.newFixedThreadPool(WRITERS);

        private final List<Future<?>> running = new ArrayList<>();

        private final Queue<UUID> published = new ConcurrentLinkedQueue<>();

        private volatile boolean stopped;

        Writers(ApplicationContext app, String topic) {
            ReliablePublisher publisher = app.getBean(ReliablePublisher.class);
            Map<Integer, List<String>> keysByWriter = new HashMap<>();
            for (int key = 0; key < KEYS; key++) {
                keysByWriter.computeIfAbsent(key % WRITERS, writer -> new ArrayList<>()).add("key-" + key);
            }
            keysByWriter.values().forEach(keys -> running.add(threads.submit(() -> {
                for (int n = 0; !stopped; n++) {
                    String key = keys.get(n % keys.size());
                    int payload = n;
                    // Only what committed counts as published.
                    published.add(inTransaction(app, () -> publisher.publish(topic, key, payload)));
                    Thread.sleep(WRITER_PAUSE.toMillis());
                }
                return null;
            })));
        }

        /** How many messages they committed so far; fails if a writer failed. */
        int published() throws Exception {
            for (Future<?> writer : running) {
                if (writer.isDone()) {
                    writer.get();
                }
            }
            return published.size();
        }

        /** Stops the writers and returns every message they committed; fails if one of them failed. */
        List<UUID> stop() throws Exception {
            stopped = true;
            for (Future<?> writer : running) {
                writer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            return List.copyOf(published);
        }

        @Override
        public void close() throws Exception {
            stopped = true;
            threads.shutdown();
            threads.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
