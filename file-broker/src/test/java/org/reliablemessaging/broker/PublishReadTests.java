package org.reliablemessaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.readAll;
import static org.reliablemessaging.broker.TestBrokers.record;
import static org.reliablemessaging.broker.TestBrokers.small;
import static org.reliablemessaging.broker.TestBrokers.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.embedded.FileBroker;

class PublishReadTests {

    @TempDir
    Path directory;

    @Test
    void recordsComeBackInOrderAcrossSegmentRolls() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("orders", 2);
            String value = "x".repeat(1000);
            List<RecordPosition> positions = TestBrokers.publishAll(broker, "orders", "k1", value, 300);
            TopicPartition partition = positions.getFirst().partition();

            List<StoredRecord> records = readAll(broker, partition);

            assertThat(TestBrokers.segments(directory)).hasSizeGreaterThan(3);
            assertThat(records).extracting(StoredRecord::offset).containsExactlyElementsOf(
                    positions.stream().map(RecordPosition::offset).toList());
            assertThat(records).extracting(TestBrokers::text).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, 300).mapToObj(i -> value + "-" + i).toList());
            assertThat(broker.offsets(partition)).isEqualTo(new PartitionOffsets(0, 300));
        }
    }

    @Test
    void aRecordKeepsItsKeyHeadersTimestampAndValue() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            Instant timestamp = Instant.parse("2026-01-02T03:04:05.123456789Z");
            NewRecord sent = new NewRecord("key-ü", Map.of("type", "Created", "trace", "t-1"),
                    "value".getBytes(StandardCharsets.UTF_8), timestamp);
            RecordPosition position = broker.publish("t", sent).join();

            StoredRecord stored = broker.read(position.partition(), position.offset(), 10).getFirst();

            assertThat(stored.key()).isEqualTo("key-ü");
            assertThat(stored.headers()).isEqualTo(sent.headers());
            assertThat(stored.timestamp()).isEqualTo(timestamp);
            assertThat(stored.value()).isEqualTo(sent.value());
        }
    }

    @Test
    void aKeyAlwaysGoesToThePartitionOfItsUnsignedCrc32c() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("keys", 7);
            for (String key : List.of("a", "order-17", "customer-42", "ключ", "zzzzzzzz")) {
                CRC32C crc = new CRC32C();
                crc.update(key.getBytes(StandardCharsets.UTF_8));
                int expected = (int) (Integer.toUnsignedLong((int) crc.getValue()) % 7);

                assertThat(broker.publish("keys", record(key, "1")).join().partition().partition()).isEqualTo(expected);
                assertThat(broker.publish("keys", record(key, "2")).join().partition().partition()).isEqualTo(expected);
            }
        }
    }

    @Test
    void keylessRecordsSpreadOverAllPartitions() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("spread", 3);
            Set<Integer> partitions = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                partitions.add(broker.publish("spread", record(null, "v")).join().partition().partition());
            }
            assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void manyConcurrentPublishersAreAllAcknowledgedWithoutGapsOrDuplicates() throws Exception {
        int publishers = 16;
        int each = 250;
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("busy", 4);
            ConcurrentLinkedQueue<RecordPosition> acknowledged = new ConcurrentLinkedQueue<>();
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int p = 0; p < publishers; p++) {
                    String key = "publisher-" + p;
                    threads.submit(() -> {
                        List<CompletableFuture<RecordPosition>> futures = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            futures.add(broker.publish("busy", record(key, key + "/" + i)));
                        }
                        futures.forEach(future -> acknowledged.add(future.join()));
                        return null;
                    });
                }
            }

            assertThat(acknowledged).hasSize(publishers * each).doesNotHaveDuplicates();
            List<StoredRecord> all = new ArrayList<>();
            for (int partition = 0; partition < 4; partition++) {
                List<StoredRecord> records = readAll(broker, new TopicPartition("busy", partition));
                assertThat(records).extracting(StoredRecord::offset)
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, records.size()).boxed().toList());
                all.addAll(records);
            }
            assertThat(all).extracting(TestBrokers::text).hasSize(publishers * each).doesNotHaveDuplicates();
            for (int p = 0; p < publishers; p++) {
                String key = "publisher-" + p;
                assertThat(all.stream().filter(r -> key.equals(r.key())).map(TestBrokers::text).toList())
                        .as("records of one publisher in publish order").containsExactlyElementsOf(
                                java.util.stream.IntStream.range(0, each).mapToObj(i -> key + "/" + i).toList());
            }
        }
    }

    @Test
    void createTopicKeepsAnExistingTopicAsItIs() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(broker.createTopic("t", 3)).isEqualTo(new TopicDescription("t", 3));
            assertThat(broker.createTopic("t", 5)).isEqualTo(new TopicDescription("t", 3));
            assertThat(broker.describeTopic("t")).contains(new TopicDescription("t", 3));
            assertThat(broker.describeTopic("missing")).isEmpty();
        }
    }

    @Test
    void aRecordLargerThanTheLimitIsRefused() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(broker.publish("t", NewRecord.of("k", new byte[9000])))
                    .failsWithin(java.time.Duration.ofSeconds(5))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    @Test
    void aNullHeaderIsRefusedWhenTheRecordIsMade() {
        Map<String, String> headers = new HashMap<>();
        headers.put("trace", null);
        assertThatThrownBy(() -> new NewRecord("k", headers, new byte[1], Instant.now()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'trace'");
    }

    @Test
    void readingAnUnknownPartitionSaysSo() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("t", 2);
            assertThatThrownBy(() -> broker.read(new TopicPartition("t", 2), 0, 1))
                    .isInstanceOf(BrokerException.class).hasMessageContaining("has 2 partitions");
            assertThat(broker.read(new TopicPartition("t", 1), 0, 1)).isEmpty();
        }
    }

    @Test
    void aClosedBrokerRefusesRequests() {
        FileBroker broker = FileBroker.open(small(directory));
        broker.close();
        assertThat(broker.publish("t", record("k", "v"))).isCompletedExceptionally();
        assertThatThrownBy(() -> broker.createTopic("t", 1)).isInstanceOf(BrokerUnavailableException.class);
        assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.CLOSED);
    }

}
