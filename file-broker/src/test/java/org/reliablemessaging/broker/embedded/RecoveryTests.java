package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.crashCopy;
import static org.reliablemessaging.broker.TestBrokers.publish;
import static org.reliablemessaging.broker.TestBrokers.readAll;
import static org.reliablemessaging.broker.TestBrokers.record;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.LogCorruptedException;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.TestBrokers;


class RecoveryTests {

    private static final TopicPartition PARTITION = new TopicPartition("events", 0);

    @TempDir
    Path directory;

    @TempDir
    Path crashed;

    @Test
    void reopeningAfterCloseResumesTopicsOffsetsAndCommits() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("events", 1);
            publish(broker, "events", "k", "before", 5);
            try (GroupConsumer member = broker.joinGroup("g", List.of("events"))) {
                member.poll(10, java.time.Duration.ofSeconds(1));
                member.commit(java.util.Map.of(PARTITION, 3L)).join();
            }
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(broker.describeTopic("events")).contains(new TopicDescription("events", 1));
            assertThat(broker.committedOffset("g", PARTITION)).isEqualTo(3);
            assertThat(broker.publish("events", record("k", "after")).join().offset()).isEqualTo(5);
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactly("before-0", "before-1", "before-2", "before-3", "before-4", "after");
        }
    }

    @Test
    void anUncleanStopLosesNothingAcknowledged() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("events", 1);
            publish(broker, "events", "k", "x".repeat(2000), 100);
            crashCopy(directory, crashed);
        }
        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(readAll(broker, PARTITION)).hasSize(100);
            assertThat(broker.publish("events", record("k", "next")).join().offset()).isEqualTo(100);
        }
    }

    @Test
    void recoveryStartsFromTheCheckpointAndReplaysWhatFollows() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("events", 1);
            publish(broker, "events", "k", "x".repeat(2000), 50);
            broker.checkpointNow();
            broker.createTopic("later", 2);
            publish(broker, "events", "k", "y".repeat(2000), 50);
            crashCopy(directory, crashed);
        }
        assertThat(TestBrokers.checkpoints(crashed)).hasSize(1);
        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(broker.describeTopic("later")).isPresent();
            List<StoredRecord> records = readAll(broker, PARTITION);
            assertThat(records).hasSize(100);
            assertThat(records.get(50).value()[0]).isEqualTo((byte) 'y');
        }
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToTheOlderOne() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("events", 1);
            publish(broker, "events", "k", "a", 10);
            broker.checkpointNow();
            publish(broker, "events", "k", "b", 10);
            broker.checkpointNow();
            publish(broker, "events", "k", "c", 10);
            crashCopy(directory, crashed);
        }
        List<Path> checkpoints = TestBrokers.checkpoints(crashed);
        assertThat(checkpoints).hasSize(2);
        flipByte(checkpoints.getLast(), 20);

        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(readAll(broker, PARTITION)).hasSize(30);
            assertThat(broker.offsets(PARTITION)).isEqualTo(new PartitionOffsets(0, 30));
        }
    }

    @Test
    void aTornWriteAtTheEndIsCutOffAndAppendsContinue() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            publish(broker, "events", "k", "record", 10);
            crashCopy(directory, crashed);
        }
        Path last = TestBrokers.segments(crashed).getLast();
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            channel.truncate(endOfData(last) - 3);
        }

        TopicPartition partition = partitionOf("k");
        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(readAll(broker, partition)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 9).mapToObj(i -> "record-" + i).toList());
            assertThat(broker.publish("events", record("k", "new")).join().offset()).isEqualTo(9);
            assertThat(TestBrokers.text(broker.read(partition, 9, 1).getFirst())).isEqualTo("new");
        }
    }

    @Test
    void garbageAfterTheLastFrameIsZeroedAndEveryRecordSurvives() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            publish(broker, "events", "k", "record", 10);
            crashCopy(directory, crashed);
        }
        Path last = TestBrokers.segments(crashed).getLast();
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("garbage of a torn write".getBytes()), endOfData(last));
        }

        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(readAll(broker, partitionOf("k"))).hasSize(10);
            assertThat(broker.publish("events", record("k", "new")).join().offset()).isEqualTo(10);
        }
        try (FileBroker broker = FileBroker.open(small(crashed))) {
            assertThat(readAll(broker, partitionOf("k"))).hasSize(11);
        }
    }

    @Test
    void damageFollowedByValidFramesRefusesToStartNamingFileAndPosition() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            publish(broker, "events", "k", "record", 10);
            crashCopy(directory, crashed);
        }
        Path last = TestBrokers.segments(crashed).getLast();
        flipByte(last, 20);

        assertThatThrownBy(() -> FileBroker.open(small(crashed))).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(last.toString()).hasMessageContaining("at byte 0")
                .hasMessageContaining("restore");
    }

    @Test
    void damageInAnOlderSegmentRefusesToStart() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            publish(broker, "events", "k", "x".repeat(3000), 60);
            crashCopy(directory, crashed);
        }
        List<Path> segments = TestBrokers.segments(crashed);
        assertThat(segments).hasSizeGreaterThan(2);
        Path older = segments.get(1);
        flipByte(older, 20);

        assertThatThrownBy(() -> FileBroker.open(small(crashed))).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(older.toString()).hasMessageContaining("at byte 0");
    }

    @Test
    void damageBeforeTheCheckpointIsCaughtWhenRead() throws IOException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            publish(broker, "events", "k", "record", 10);
        }
        flipByte(TestBrokers.segments(directory).getFirst(), endOfData(TestBrokers.segments(directory).getFirst()) - 2);

        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThatThrownBy(() -> readAll(broker, partitionOf("k"))).isInstanceOf(LogCorruptedException.class)
                    .hasMessageContaining("CRC mismatch");
        }
    }

    private static TopicPartition partitionOf(String key) {
        return new TopicPartition("events", org.reliablemessaging.broker.storage.KeyPartitioner.partitionOf(key, 4));
    }

    /** The position after the last non-zero byte: frames end with their value, which the tests make non-zero. */
    private static long endOfData(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A));
            channel.write(one.rewind(), position);
        }
    }
}
