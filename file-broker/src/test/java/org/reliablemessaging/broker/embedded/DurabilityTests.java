package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.readAll;
import static org.reliablemessaging.broker.TestBrokers.record;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.BrokerHealth;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.Durability;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.TestBrokers;


class DurabilityTests {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    @TempDir
    Path directory;

    private final InstrumentedFiles files = new InstrumentedFiles();

    @Test
    void syncForcesBeforeAcknowledgingAndOnceForManyConcurrentPublishes() {
        try (FileBroker broker = FileBroker.open(small(directory), files)) {
            broker.createTopic("t", 1);
            int before = files.segmentForces.get();
            broker.publish("t", record("k", "one")).join();
            assertThat(files.segmentForces.get()).isEqualTo(before + 1);

            int beforeBurst = files.segmentForces.get();
            TestBrokers.publishAll(broker, "t", "k", "burst", 1000);

            assertThat(files.segmentForces.get() - beforeBurst).as("group commit").isLessThan(500);
            assertThat(readAll(broker, PARTITION)).hasSize(1001);
        }
    }

    @Test
    void noneAcknowledgesWithoutForcingAndReadersSeeTheWrite() {
        try (FileBroker broker = FileBroker.open(small(directory).withDurability(Durability.none()), files)) {
            broker.createTopic("t", 1);
            int before = files.segmentForces.get();
            TestBrokers.publishAll(broker, "t", "k", "v", 100);

            assertThat(files.segmentForces.get()).isEqualTo(before);
            assertThat(readAll(broker, PARTITION)).hasSize(100);
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(readAll(broker, PARTITION)).hasSize(100);
        }
    }

    @Test
    void intervalAcknowledgesAfterTheWriteAndForcesSoonAfter() throws InterruptedException {
        BrokerConfig config = small(directory).withDurability(Durability.interval(Duration.ofMillis(100)));
        try (FileBroker broker = FileBroker.open(config, files)) {
            broker.createTopic("t", 1);
            Thread.sleep(150);
            int before = files.segmentForces.get();
            broker.publish("t", record("k", "v")).join();
            assertThat(readAll(broker, PARTITION)).hasSize(1);

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (files.segmentForces.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(files.segmentForces.get()).isGreaterThan(before);
        }
    }

    @Test
    void aFailedForceFailsPendingAndLaterRequestsUntilRestart() throws Exception {
        try (FileBroker broker = FileBroker.open(small(directory), files)) {
            broker.createTopic("t", 1);
            broker.publish("t", record("k", "durable")).join();
            GroupConsumer member = broker.joinGroup("g", List.of("t"));
            member.poll(10, Duration.ofMillis(100));
            files.failForces.set(true);

            List<CompletableFuture<RecordPosition>> pending = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pending.add(broker.publish("t", record("k", "lost-" + i)));
            }

            for (CompletableFuture<RecordPosition> future : pending) {
                assertThat(future).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(BrokerUnavailableException.class)
                        .withMessageContaining("could not be written or forced").withMessageContaining("restarted");
            }
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.FAILED);
            files.failForces.set(false);
            assertThat(broker.publish("t", record("k", "later"))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BrokerUnavailableException.class);
            assertThatThrownBy(() -> broker.createTopic("other", 1)).isInstanceOf(BrokerUnavailableException.class);
            assertThat(member.commit(Map.of(PARTITION, 1L))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(BrokerUnavailableException.class);
            assertThat(broker.read(PARTITION, 0, 10)).extracting(TestBrokers::text).containsExactly("durable");
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.RUNNING);
            assertThat(broker.read(PARTITION, 0, 1)).extracting(TestBrokers::text).containsExactly("durable");
            assertThat(broker.publish("t", record("k", "again"))).succeedsWithin(Duration.ofSeconds(5));
        }
    }
}
