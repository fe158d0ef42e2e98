package org.reliablemessaging.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.broker.BrokerConfig;
import org.reliablemessaging.broker.embedded.FileBroker;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.spi.transport.InboundMessage;
import org.reliablemessaging.spi.transport.MessageSource;
import org.reliablemessaging.spi.transport.Subscription;
import org.reliablemessaging.transport.RecordingDispatcher;
import org.reliablemessaging.transport.RecordingDispatcher.Delivery;

/** FileMessageSource against a real embedded file broker, with a dispatcher that lets each test acknowledge. */
class FileMessageSourceTests {

    /** Short, so that stopping or rebalancing with messages deliberately left unacknowledged is quick. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private FileBroker broker;

    private FileMessageSourceFactory factory;

    private final List<MessageSource> sources = new ArrayList<>();

    @BeforeEach
    void openBroker() {
        broker = FileBroker.open(BrokerConfig.defaults(directory).withDefaultPartitions(4));
        factory = new FileMessageSourceFactory(broker, DRAIN_TIMEOUT, DRAIN_TIMEOUT);
    }

    @AfterEach
    void closeBroker() {
        sources.forEach(MessageSource::stop);
        broker.close();
    }

    @Test
    void deliversEveryMessageIntact() {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        start("inventory", dispatcher);
        List<RecordPosition> sent = IntStream.range(0, 9)
                .mapToObj(i -> publish("orders", "key-" + i, "payload-" + i, Map.of(ReliableHeaders.ID, "id-" + i,
                        "tenant", "acme-ü")))
                .toList();
        // No record key: the rm-key header stands in.
        publish("orders", null, "payload-9", Map.of(ReliableHeaders.ID, "id-9", ReliableHeaders.KEY, "header-key"));

        List<Delivery> deliveries = dispatcher.awaitCount(10);

        assertThat(deliveries).hasSize(10);
        for (Delivery delivery : deliveries) {
            InboundMessage message = delivery.message();
            int n = Integer.parseInt(message.messageId().substring("id-".length()));
            assertThat(message.topic()).isEqualTo("orders");
            assertThat(message.payload()).isEqualTo(bytes("payload-" + n));
            assertThat(message.receivedAt()).isNotNull();
            if (n == 9) {
                assertThat(message.key()).isEqualTo("header-key");
                continue;
            }
            assertThat(message.key()).isEqualTo("key-" + n);
            assertThat(message.partition()).isEqualTo(sent.get(n).partition().toString());
            assertThat(message.offset()).isEqualTo(sent.get(n).offset());
            assertThat(message.headers()).containsExactlyInAnyOrderEntriesOf(
                    Map.of(ReliableHeaders.ID, "id-" + n, "tenant", "acme-ü"));
        }
    }

    @Test
    void commitsOnlyUpToTheFirstUnacknowledgedMessageOfAPartition() {
        broker.createTopic("orders", 1);
        TopicPartition partition = new TopicPartition("orders", 0);
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        start("inventory", dispatcher);
        IntStream.range(0, 3).forEach(i -> publish("orders", "k", "m" + i, Map.of()));
        dispatcher.awaitCount(3);

        dispatcher.at(partition.toString(), 2).acknowledge();
        dispatcher.at(partition.toString(), 1).acknowledge();
        await().during(Duration.ofMillis(1200)).atMost(TIMEOUT)
                .until(() -> broker.committedOffset("inventory", partition) == 0);

        dispatcher.at(partition.toString(), 0).acknowledge();
        await().atMost(TIMEOUT).until(() -> broker.committedOffset("inventory", partition) == 3);
    }

    @Test
    void redeliversWhatWasNotAcknowledgedWhenStartedAgain() {
        broker.createTopic("orders", 1);
        RecordingDispatcher first = new RecordingDispatcher();
        MessageSource source = start("inventory", first);
        IntStream.range(0, 4).forEach(i -> publish("orders", "k", "m" + i, Map.of()));
        first.awaitCount(4).subList(0, 2).forEach(Delivery::acknowledge);
        source.stop();
        sources.remove(source);

        RecordingDispatcher second = new RecordingDispatcher();
        start("inventory", second);

        assertThat(second.awaitCount(2)).extracting(delivery -> delivery.message().offset()).containsExactly(2L, 3L);
        await().during(Duration.ofMillis(700)).until(() -> second.deliveries().size() == 2);
    }

    @Test
    void twoMembersSplitThePartitionsAndTheSurvivorTakesOverFromTheCommittedOffsets() {
        RecordingDispatcher firstDispatcher = new RecordingDispatcher();
        RecordingDispatcher secondDispatcher = new RecordingDispatcher();
        MessageSource first = start("inventory", firstDispatcher);
        start("inventory", secondDispatcher);
        // Settled once both members receive: the partitions have moved from the first to the second.
        await().atMost(TIMEOUT).until(() -> {
            publish("orders", "probe-" + System.nanoTime(), "probe", Map.of());
            firstDispatcher.deliveries().forEach(Delivery::acknowledge);
            secondDispatcher.deliveries().forEach(Delivery::acknowledge);
            return !firstDispatcher.deliveries().isEmpty() && !secondDispatcher.deliveries().isEmpty();
        });

        IntStream.range(0, 40).forEach(i -> publish("orders", "split-" + i, "split", Map.of()));
        await().atMost(TIMEOUT).until(() -> keyed("split-", firstDispatcher).size()
                + keyed("split-", secondDispatcher).size() == 40);
        Set<String> firstPartitions = partitions(keyed("split-", firstDispatcher));
        Set<String> secondPartitions = partitions(keyed("split-", secondDispatcher));
        assertThat(firstPartitions).isNotEmpty().doesNotContainAnyElementsOf(secondPartitions);
        assertThat(secondPartitions).isNotEmpty();

        // The first member acknowledges everything, then leaves: its partitions go on at the second.
        firstDispatcher.deliveries().forEach(Delivery::acknowledge);
        secondDispatcher.deliveries().forEach(Delivery::acknowledge);
        first.stop();
        sources.remove(first);
        IntStream.range(0, 40).forEach(i -> publish("orders", "after-" + i, "after", Map.of()));

        await().atMost(TIMEOUT).until(() -> keyed("after-", secondDispatcher).size() == 40);
        assertThat(partitions(keyed("after-", secondDispatcher))).containsAll(firstPartitions);
        assertThat(keyed("split-", secondDispatcher)).as("nothing the first member committed comes again")
                .hasSize(40 - keyed("split-", firstDispatcher).size());
    }

    private static List<Delivery> keyed(String prefix, RecordingDispatcher dispatcher) {
        return dispatcher.deliveries().stream().filter(delivery -> delivery.message().key().startsWith(prefix)).toList();
    }

    private static Set<String> partitions(List<Delivery> deliveries) {
        return deliveries.stream().map(delivery -> delivery.message().partition()).collect(Collectors.toSet());
    }

    @Test
    void aPausedSourceDeliversNothingUntilResumed() throws InterruptedException {
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        MessageSource source = start("inventory", dispatcher);
        source.pause();
        // A poll already under way when the pause came still delivers what it fetched.
        Thread.sleep(FileMessageSource.POLL_WAIT.multipliedBy(2));
        publish("orders", "k", "m", Map.of());

        await().during(Duration.ofMillis(1500)).atMost(TIMEOUT).until(() -> dispatcher.deliveries().isEmpty());
        source.resume();
        dispatcher.awaitCount(1);
    }

    private MessageSource start(String group, RecordingDispatcher dispatcher) {
        MessageSource source = factory.create(new Subscription(group, List.of("orders"), 100), dispatcher);
        source.start();
        sources.add(source);
        return source;
    }

    private RecordPosition publish(String topic, String key, String payload, Map<String, String> headers) {
        return broker.publish(topic, new NewRecord(key, headers, bytes(payload), Instant.now())).join();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
