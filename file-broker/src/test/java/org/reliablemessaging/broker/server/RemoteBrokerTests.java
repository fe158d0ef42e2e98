package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.PartitionOffsets;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.RecordTooLargeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.RemoteBroker;

/** A {@link RemoteBroker} against a real server: the {@code BrokerClient} calls over TCP. */
class RemoteBrokerTests {

    @TempDir
    Path dir;

    @Test
    void publishesSinglyAndInBatchesAndReadsBack() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = harness.client()) {
            client.createTopic("orders", 1);
            Instant when = Instant.parse("2024-01-02T03:04:05.678901234Z");
            RecordPosition first = client.publish("orders",
                    new NewRecord("k", Map.of("type", "created"), bytes("one"), when)).join();
            List<CompletableFuture<RecordPosition>> batch = client.publishBatch("orders",
                    List.of(NewRecord.of("k", bytes("two")), NewRecord.of(null, bytes("three"))));

            assertThat(first).isEqualTo(new RecordPosition(new TopicPartition("orders", 0), 0));
            assertThat(batch).map(CompletableFuture::join).map(RecordPosition::offset).containsExactly(1L, 2L);
            List<StoredRecord> records = client.read(first.partition(), 0, 10);
            assertThat(records).map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .containsExactly("one", "two", "three");
            assertThat(records.getFirst().headers()).containsEntry("type", "created");
            assertThat(records.getFirst().timestamp()).isEqualTo(when);
            assertThat(records.get(2).key()).isNull();
            assertThat(client.read(first.partition(), 3, 10)).isEmpty();
        }
    }

    @Test
    void describesTopicsAndOffsets() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = harness.client()) {
            assertThat(client.describeTopic("payments")).isEmpty();
            assertThat(client.createTopic("payments", 3).partitions()).isEqualTo(3);
            assertThat(client.createTopic("payments", 5).partitions()).as("an existing topic keeps its partitions").isEqualTo(3);
            assertThat(client.describeTopic("payments")).hasValueSatisfying(topic -> assertThat(topic.partitions()).isEqualTo(3));
            TopicPartition partition = client.publish("payments", NewRecord.of("key", bytes("x"))).join().partition();
            assertThat(client.offsets(partition)).isEqualTo(new PartitionOffsets(0, 1));
            assertThat(client.committedOffset("nobody", partition)).isZero();
            assertThatThrownBy(() -> client.createTopic("bad", 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRecordTheBrokerRejectsFailsOnlyItsOwnFuture() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = harness.client()) {
            client.createTopic("t", 1);
            List<CompletableFuture<RecordPosition>> batch = client.publishBatch("t", List.of(
                    NewRecord.of("k", bytes("small")), NewRecord.of("k", new byte[2 * 1024 * 1024]), NewRecord.of("k", bytes("after"))));
            assertThat(batch.get(0).join().offset()).isZero();
            assertThatThrownBy(batch.get(1)::join).hasCauseInstanceOf(RecordTooLargeException.class);
            assertThat(batch.get(2).join().offset()).isEqualTo(1);
        }
    }

    @Test
    void pipelinedPublishesOfOneThreadAreStoredInCallOrder() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = RemoteBroker.connect(harness.clientConfig().withMaxInFlight(64))) {
            client.createTopic("seq", 1);
            List<CompletableFuture<RecordPosition>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                futures.add(client.publish("seq", NewRecord.of("k", bytes(Integer.toString(i)))));
            }
            assertThat(futures).map(CompletableFuture::join).map(RecordPosition::offset)
                    .containsExactlyElementsOf(IntStream.range(0, 2000).mapToObj(i -> (long) i).toList());
        }
    }

    @Test
    void callbacksNeverRunOnTheConnectionsReaderSoTheyMayCallTheClientAgain() throws IOException {
        try (ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
                RemoteBroker client = harness.client()) {
            client.createTopic("t", 1);
            for (int i = 0; i < 200; i++) {
                CompletableFuture<RecordPosition> published = client.publish("t", NewRecord.of("k", bytes("x")));
                CompletableFuture<String> thread = published.thenApply(position -> Thread.currentThread().getName());
                CompletableFuture<PartitionOffsets> again = published.thenApply(position -> client.offsets(position.partition()));
                if (i % 2 == 0) {
                    // a waiting thread completes the future itself, without the callback thread
                    published.join();
                }
                assertThat(again).succeedsWithin(Duration.ofSeconds(10));
                assertThat(thread.join()).doesNotMatch("broker-client-\\d+");
            }
        }
    }

    @Test
    void outstandingRequestsFailAsUnavailableWhenTheConnectionDropsAndTheNextCallReconnects() throws IOException {
        ServerHarness harness = ServerHarness.start(dir, ServerConfig.defaults());
        int port = harness.server.port();
        try (RemoteBroker client = harness.client()) {
            client.createTopic("t", 1);
            harness.server.close();
            assertThatThrownBy(() -> client.describeTopic("t")).isInstanceOf(BrokerUnavailableException.class);
            try (BrokerServer again = BrokerServer.start(harness.broker,
                    ServerConfig.defaults().withAddress(InetAddress.getLoopbackAddress(), port))) {
                assertThat(client.describeTopic("t")).isPresent();
                assertThat(client.publish("t", NewRecord.of("k", bytes("after"))).join().offset()).isZero();
            }
        }
        finally {
            harness.broker.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
