package org.reliablemessaging.broker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.GroupConsumer;
import org.reliablemessaging.broker.NewRecord;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.client.Connections;
import org.reliablemessaging.broker.client.RemoteBroker;

/** Consumer groups over TCP: members on different connections share partitions and take over from each other. */
class RemoteGroupTests {

    private static final String TOPIC = "jobs";
    private static final Duration SESSION = Duration.ofMillis(600);

    @TempDir
    Path dir;

    private ServerHarness start() throws IOException {
        return ServerHarness.start(dir, ServerConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(1), SESSION));
    }

    @Test
    void twoMembersSplitThePartitionsAndTheSurvivorTakesOverFromTheCommittedOffsets() throws IOException {
        try (ServerHarness harness = start();
                RemoteBroker clientA = harness.client();
                RemoteBroker clientB = harness.client()) {
            clientA.createTopic(TOPIC, 4);
            for (int i = 0; i < 40; i++) {
                clientA.publish(TOPIC, NewRecord.of("key-" + i, ("v" + i).getBytes(StandardCharsets.UTF_8))).join();
            }
            Member a = new Member(clientA.joinGroup("g", List.of(TOPIC)));
            drive(() -> a.owned.size() == 4 && a.records.size() == 40, a);
            a.commitFirstRecords(2);

            Member b = new Member(clientB.joinGroup("g", List.of(TOPIC)));
            drive(() -> a.owned.size() == 2 && b.owned.size() == 2, a, b);
            TopicPartition ofA = a.owned.first();
            assertThatThrownBy(() -> b.consumer.commit(Map.of(ofA, 1L)).join())
                    .hasCauseInstanceOf(NotPartitionOwnerException.class);

            Connections.cut(clientA);
            drive(() -> b.owned.size() == 4, b);
            for (TopicPartition partition : a.owned) {
                long committed = clientB.committedOffset("g", partition);
                assertThat(committed).isEqualTo(Math.min(2, clientB.offsets(partition).end()));
                drive(() -> b.firstRead.containsKey(partition) || clientB.offsets(partition).end() == committed, b);
                if (b.firstRead.containsKey(partition)) {
                    assertThat(b.firstRead.get(partition)).as("%s resumes at its committed offset", partition).isEqualTo(committed);
                }
            }
        }
    }

    @Test
    void afterAReconnectTheNextPollRevokesTheOldPartitionsThenAssignsAgain() throws IOException {
        try (ServerHarness harness = start();
                RemoteBroker client = harness.client()) {
            client.createTopic(TOPIC, 3);
            GroupConsumer consumer = client.joinGroup("g", List.of(TOPIC));
            Member member = new Member(consumer);
            drive(() -> member.owned.size() == 3, member);

            Connections.cut(client);
            Fetch afterCut = consumer.poll(10, Duration.ofMillis(100));
            assertThat(afterCut.revoked()).containsExactlyInAnyOrderElementsOf(member.owned);
            assertThat(afterCut.assigned()).isEmpty();
            consumer.release(afterCut.revoked());
            member.owned.clear();
            drive(() -> member.owned.size() == 3, member);
        }
    }

    @Test
    void heartbeatsKeepAnIdleMemberPastItsSessionTimeout() throws Exception {
        try (ServerHarness harness = start();
                RemoteBroker client = harness.client()) {
            client.createTopic(TOPIC, 2);
            GroupConsumer consumer = client.joinGroup("g", List.of(TOPIC));
            Member member = new Member(consumer);
            drive(() -> member.owned.size() == 2, member);
            Thread.sleep(SESSION.multipliedBy(3).toMillis());
            Fetch later = consumer.poll(10, Duration.ofMillis(50));
            assertThat(later.revoked()).isEmpty();
            assertThat(consumer.commit(Map.of(member.owned.first(), 0L))).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aLongPollDoesNotHoldUpPublishesOnTheSameConnection() throws Exception {
        try (ServerHarness harness = start();
                RemoteBroker client = harness.client()) {
            client.createTopic(TOPIC, 1);
            GroupConsumer consumer = client.joinGroup("g", List.of(TOPIC));
            Member member = new Member(consumer);
            drive(() -> member.owned.size() == 1, member);
            CompletableFuture<Fetch> longPoll = CompletableFuture.supplyAsync(() -> consumer.poll(10, Duration.ofSeconds(5)));
            Thread.sleep(100);
            long start = System.nanoTime();
            client.publish(TOPIC, NewRecord.of("k", "wake".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(longPoll.get().records()).map(record -> new String(record.value(), StandardCharsets.UTF_8))
                    .containsExactly("wake");
        }
    }

    /** Polls the members in turn, releasing what is revoked, until {@code done} holds. */
    private static void drive(BooleanSupplier done, Member... members) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the group settles in time").isLessThan(deadline);
            for (Member member : members) {
                member.pollOnce();
            }
        }
    }

    /** A consumer and what the test saw of it. */
    private static final class Member {
        final GroupConsumer consumer;
        final TreeSet<TopicPartition> owned = new TreeSet<>();
        final Map<TopicPartition, Long> firstRead = new HashMap<>();
        final List<StoredRecord> records = new ArrayList<>();

        Member(GroupConsumer consumer) {
            this.consumer = consumer;
        }

        void pollOnce() {
            Fetch fetch = consumer.poll(100, Duration.ofMillis(30));
            owned.addAll(fetch.assigned());
            for (StoredRecord record : fetch.records()) {
                firstRead.putIfAbsent(record.partition(), record.offset());
                records.add(record);
            }
            if (!fetch.revoked().isEmpty()) {
                consumer.release(fetch.revoked());
                fetch.revoked().forEach(owned::remove);
                fetch.revoked().forEach(firstRead::remove);
            }
        }

        /** Commits {@code count} (or the end, if shorter) on every owned partition, as if the first records were done. */
        void commitFirstRecords(long count) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            Set<TopicPartition> partitions = Set.copyOf(owned);
            partitions.forEach(partition -> offsets.put(partition, Math.min(count, records.stream()
                    .filter(record -> record.partition().equals(partition)).count())));
            consumer.commit(offsets).join();
        }
    }
}
