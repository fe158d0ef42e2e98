package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.TestBrokers;


class RetentionTests {

    private static final TopicPartition PARTITION = new TopicPartition("logs", 0);

    @TempDir
    Path directory;

    @Test
    void sizeRetentionDeletesTheOldestWholeSegmentsAndMovesTheStart() {
        BrokerConfig config = small(directory).withRetention(Duration.ofDays(7), 128 * 1024);
        try (FileBroker broker = FileBroker.open(config)) {
            broker.createTopic("logs", 1);
            TestBrokers.publishAll(broker, "logs", "k", "x".repeat(1000), 400);
            int before = TestBrokers.segments(directory).size();

            broker.checkpointNow();
            broker.checkpointNow();

            List<Path> after = TestBrokers.segments(directory);
            assertThat(after.size()).isLessThan(before).isLessThanOrEqualTo(4);
            assertThat(after.getFirst().getFileName().toString()).isNotEqualTo("00000000000000000001.log");
            long start = broker.offsets(PARTITION).start();
            assertThat(start).isPositive();
            assertThat(broker.offsets(PARTITION).end()).isEqualTo(400);
            assertThatThrownBy(() -> broker.read(PARTITION, start - 1, 1)).isInstanceOf(OffsetOutOfRangeException.class)
                    .hasMessageContaining("starts at " + start);
            assertThat(broker.read(PARTITION, start, 1).getFirst().offset()).isEqualTo(start);
            assertThat(TestBrokers.readAll(broker, PARTITION)).hasSize((int) (400 - start));
        }
    }

    @Test
    void ageRetentionDeletesSegmentsWhoseNewestRecordIsTooOldAndRestartsKeepTheResult() {
        BrokerConfig config = small(directory).withRetention(Duration.ofDays(1), 0);
        Instant old = Instant.now().minus(Duration.ofDays(2));
        long start;
        try (FileBroker broker = FileBroker.open(config)) {
            broker.createTopic("logs", 1);
            for (int i = 0; i < 150; i++) {
                broker.publish("logs", new NewRecord("k", Map.of(), new byte[1000], old));
            }
            TestBrokers.publishAll(broker, "logs", "k", "fresh", 100);
            GroupConsumer member = broker.joinGroup("readers", List.of("logs"));
            member.poll(1, Duration.ofMillis(100));
            member.commit(Map.of(PARTITION, 0L)).join();
            member.close();

            broker.checkpointNow();
            broker.checkpointNow();

            start = broker.offsets(PARTITION).start();
            assertThat(start).isPositive().isLessThanOrEqualTo(150);
            assertThat(TestBrokers.readAll(broker, PARTITION).stream().filter(r -> r.value().length < 1000))
                    .hasSize(100);
        }
        try (FileBroker broker = FileBroker.open(config);
                GroupConsumer member = broker.joinGroup("readers", List.of("logs"))) {
            assertThat(broker.describeTopic("logs")).isPresent();
            assertThat(broker.offsets(PARTITION)).isEqualTo(new PartitionOffsets(start, 250));
            List<StoredRecord> records = member.poll(1, Duration.ofSeconds(2)).records();
            assertThat(records).extracting(StoredRecord::offset).as("the committed offset 0 is gone").containsExactly(start);
        }
    }

    @Test
    void nothingIsDeletedWhileWithinLimits() {
        try (FileBroker broker = FileBroker.open(small(directory).withRetention(Duration.ofDays(1), 0))) {
            TestBrokers.publishAll(broker, "logs", "k", "x".repeat(1000), 200);
            int before = TestBrokers.segments(directory).size();
            broker.checkpointNow();
            broker.checkpointNow();

            assertThat(TestBrokers.segments(directory)).hasSize(before);
        }
    }
}
