package org.reliablemessaging.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.broker.TestBrokers.readAll;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerHealth;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.TestBrokers;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.ClientConfig;
import org.reliablemessaging.broker.client.RemoteBroker;
import org.reliablemessaging.broker.server.BrokerServer;
import org.reliablemessaging.broker.server.ServerConfig;

/** A disk that fills up under the broker, simulated at the file channel: writes refused, reads served, no restart. */
class DiskFullTests {

    private static final TopicPartition PARTITION = new TopicPartition("t", 0);

    @TempDir
    Path directory;

    private final InstrumentedFiles files = new InstrumentedFiles();
    private final Acknowledgements published = new Acknowledgements();

    @Test
    void aFullDiskRefusesWritesServesReadsAndTakesWritesAgainOnceSpaceIsFreed() throws Exception {
        try (FileBroker broker = FileBroker.open(small(directory), files)) {
            broker.createTopic("t", 1);
            published.publish(broker, "t", List.of("before"));
            GroupConsumer member = broker.joinGroup("g", List.of("t"));
            member.poll(10, Duration.ofMillis(100));
            member.commit(Map.of(PARTITION, 1L)).join();

            // a few frames' worth: the first batches fit, the one after reaches the disk only in part
            files.spaceLeft.set(200);
            published.publish(broker, "t", values("overflow", 20));

            assertThat(published.refused).isNotEmpty();
            assertThat(published.refusals).allSatisfy(refusal -> assertThat(refusal)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("free space in " + directory + "; writes resume by themselves"));
            List<String> acknowledgedBefore = List.copyOf(published.acknowledged);
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.WRITES_FAILING);
            assertThat(broker.health().detail()).contains("free space in " + directory);
            assertThat(member.commit(Map.of(PARTITION, 2L))).failsWithin(Duration.ofSeconds(5));
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(acknowledgedBefore);
            assertThat(broker.committedOffset("g", PARTITION)).isEqualTo(1);
            String segment = segmentText();
            assertThat(published.refused).as("no refused byte stays in the segment").noneMatch(segment::contains);

            files.spaceLeft.set(SpaceLimitedChannel.UNLIMITED);
            for (String value : values("after", 5)) {
                published.publishUntilAcknowledged(broker, "t", value);
            }
            member.commit(Map.of(PARTITION, 3L)).join();
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.RUNNING);
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(published.acknowledged);
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(published.acknowledged);
            assertThat(broker.committedOffset("g", PARTITION)).isEqualTo(3);
        }
    }

    @Test
    void aBatchRefusedWhileRollingOverLeavesNoSegmentOrRecordBehind() throws Exception {
        try (FileBroker broker = FileBroker.open(small(directory), files)) {
            broker.createTopic("t", 1);
            published.publish(broker, "t", values("x".repeat(1000), 60));
            // what the first segment still holds fits, the start of the next segment does not
            files.spaceLeft.set(bytesLeftInSegment() + 100);
            published.publish(broker, "t", values("y".repeat(1000), 10));
            assertThat(published.refusals).isNotEmpty();
            assertThat(TestBrokers.segments(directory)).hasSize(1);

            files.spaceLeft.set(SpaceLimitedChannel.UNLIMITED);
            for (String value : values("z".repeat(1000), 10)) {
                published.publishUntilAcknowledged(broker, "t", value);
            }
            assertThat(TestBrokers.segments(directory)).hasSize(2);
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text)
                    .containsExactlyElementsOf(published.acknowledged);
        }
    }

    @Test
    void aForceThatFindsTheDiskFullRefusesTheBatchAndTheNextOneIsWritten() throws Exception {
        try (FileBroker broker = FileBroker.open(small(directory), files)) {
            broker.createTopic("t", 1);
            published.publish(broker, "t", List.of("before"));
            // a file system with delayed allocation reports a full disk at the force
            files.forcesToFail.set(1);
            published.publish(broker, "t", List.of("refused"));
            assertThat(published.refusals).singleElement().satisfies(refusal -> assertThat(refusal)
                    .hasMessageContaining("injected").hasMessageContaining("writes resume by themselves"));

            published.publishUntilAcknowledged(broker, "t", "after");
            assertThat(broker.health().status()).isEqualTo(BrokerHealth.Status.RUNNING);
        }
        try (FileBroker broker = FileBroker.open(small(directory))) {
            assertThat(readAll(broker, PARTITION)).extracting(TestBrokers::text).containsExactly("before", "after");
        }
    }

    @Test
    void aRemoteClientGetsTheRetryableErrorWithTheReason() throws Exception {
        try (FileBroker broker = FileBroker.open(small(directory), files);
                BrokerServer server = BrokerServer.start(broker, ServerConfig.defaults());
                RemoteBroker client = RemoteBroker.connect(ClientConfig.of("127.0.0.1", server.port()))) {
            client.createTopic("t", 1);
            files.spaceLeft.set(0);
            published.publish(client, "t", List.of("refused"));
            assertThat(published.refusals).singleElement().satisfies(refusal -> {
                assertThat(refusal.isRetryable()).isTrue();
                assertThat(refusal).hasMessageContaining("free space in " + directory);
            });
            assertThat(client.read(PARTITION, 0, 10)).isEmpty();

            files.spaceLeft.set(SpaceLimitedChannel.UNLIMITED);
            published.publishUntilAcknowledged(client, "t", "after");
            assertThat(client.read(PARTITION, 0, 10)).extracting(TestBrokers::text).containsExactly("after");
        }
    }

    private String segmentText() throws IOException {
        return new String(Files.readAllBytes(TestBrokers.segments(directory).getLast()), StandardCharsets.ISO_8859_1);
    }

    /** At least the bytes after the last frame of the last segment: its zero-filled tail. */
    private long bytesLeftInSegment() throws IOException {
        byte[] segment = Files.readAllBytes(TestBrokers.segments(directory).getLast());
        int end = segment.length;
        while (end > 0 && segment[end - 1] == 0) {
            end--;
        }
        return TestBrokers.SEGMENT_BYTES - end;
    }

    private static List<String> values(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-%02d".formatted(i)).toList();
    }
}
