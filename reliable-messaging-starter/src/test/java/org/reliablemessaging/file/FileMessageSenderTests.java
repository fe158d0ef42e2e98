package org.reliablemessaging.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reliablemessaging.TransportTestMessages.keyedMessages;
import static org.reliablemessaging.TransportTestMessages.message;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;
import org.reliablemessaging.spi.transport.SendOutcome.Status;

/** FileMessageSender against a real embedded file broker. */
class FileMessageSenderTests {

    private static final int PARTITIONS = 3;

    @TempDir
    Path directory;

    private FileBroker broker;

    private FileMessageSender sender;

    @BeforeEach
    void openBroker() {
        broker = FileBroker.open(BrokerConfig.defaults(directory).withDefaultPartitions(PARTITIONS)
                .withMaxRecordBytes(64 * 1024));
        sender = new FileMessageSender(broker, Duration.ofSeconds(10));
    }

    @AfterEach
    void closeBroker() {
        broker.close();
    }

    @Test
    void confirmsABatchAndStoresEveryMessageIntactInKeyOrder() {
        List<OutboundMessage> batch = keyedMessages("orders", 60, 7);

        List<SendOutcome> outcomes = sender.send(batch).join();

        assertThat(outcomes).hasSize(batch.size()).allMatch(outcome -> outcome.status() == Status.CONFIRMED);
        List<StoredRecord> stored = readAll("orders");
        assertThat(stored).hasSize(batch.size());
        for (StoredRecord record : stored) {
            OutboundMessage sent = batch.stream()
                    .filter(message -> message.id().toString().equals(record.headers().get(ReliableHeaders.ID)))
                    .findFirst().orElseThrow();
            assertThat(record.key()).isEqualTo(sent.key());
            assertThat(record.value()).isEqualTo(sent.payload());
            assertThat(record.headers()).containsExactlyEntriesOf(sent.allHeaders());
        }
        // Within a partition, each key's sequence numbers come in order.
        for (int partition = 0; partition < PARTITIONS; partition++) {
            Map<String, List<Long>> sequences = new HashMap<>();
            broker.read(new TopicPartition("orders", partition), 0, 1000).forEach(record -> sequences
                    .computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(Long.parseLong(record.headers().get(ReliableHeaders.SEQUENCE))));
            sequences.values().forEach(seq -> assertThat(seq).isSorted());
        }
    }

    @Test
    void aRecordTooLargeFailsForGoodAndHoldsBackOnlyTheLaterMessagesOfItsKey() {
        OutboundMessage huge = new OutboundMessage(UUID.randomUUID(), "orders", "a", 1, "TestEvent",
                Map.of(), new byte[128 * 1024], Instant.now());
        List<OutboundMessage> batch = List.of(huge, message("orders", "a", 2), message("orders", "b", 1));

        List<SendOutcome> outcomes = sender.send(batch).join();

        assertThat(outcomes.get(0).status()).isEqualTo(Status.PERMANENT);
        assertThat(outcomes.get(0).error()).contains("RecordTooLargeException");
        assertThat(outcomes.get(1).status()).isEqualTo(Status.RETRYABLE);
        assertThat(outcomes.get(1).error()).contains("earlier message of its key failed");
        assertThat(outcomes.get(2).status()).isEqualTo(Status.CONFIRMED);
        assertThat(readAll("orders")).extracting(StoredRecord::key).containsExactly("b");
    }

    @Test
    void aClosedBrokerFailsEveryMessageRetryably() {
        broker.close();

        List<SendOutcome> outcomes = sender.send(keyedMessages("orders", 5, 2)).join();

        assertThat(outcomes).hasSize(5).allMatch(outcome -> outcome.status() == Status.RETRYABLE);
    }

    private List<StoredRecord> readAll(String topic) {
        return IntStream.range(0, PARTITIONS)
                .mapToObj(partition -> broker.read(new TopicPartition(topic, partition), 0, 1000))
                .flatMap(List::stream)
                .toList();
    }
}
