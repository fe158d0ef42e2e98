package org.reliablemessaging.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reliablemessaging.broker.TestBrokers.record;
import static org.reliablemessaging.broker.TestBrokers.small;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.reliablemessaging.broker.embedded.FileBroker;

class ConsumerGroupTests {

    private static final Duration SHORT = Duration.ofMillis(100);

    @TempDir
    Path directory;

    @Test
    void aGroupResumesAfterARestartFromItsCommittedOffsets() {
        TopicPartition partition = new TopicPartition("jobs", 0);
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 1);
            TestBrokers.publish(broker, "jobs", "k", "job", 10);
            try (GroupConsumer member = broker.joinGroup("workers", List.of("jobs"))) {
                List<StoredRecord> records = pollRecords(member, 4);
                assertThat(records).extracting(StoredRecord::offset).containsExactly(0L, 1L, 2L, 3L);
                member.commit(Map.of(partition, 4L)).join();
            }
        }
        try (FileBroker broker = FileBroker.open(small(directory));
                GroupConsumer member = broker.joinGroup("workers", List.of("jobs"))) {
            Fetch first = member.poll(100, Duration.ofSeconds(2));
            assertThat(first.assigned()).containsExactly(partition);
            List<StoredRecord> records = new ArrayList<>(first.records());
            records.addAll(pollRecords(member, 6 - records.size()));
            assertThat(records).extracting(StoredRecord::offset).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void twoMembersSplitThePartitionsAfterTheFirstReleasesWhatWasRevoked() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 4);
            GroupConsumer first = broker.joinGroup("workers", List.of("jobs"));
            assertThat(first.poll(10, SHORT).assigned()).hasSize(4);

            GroupConsumer second = broker.joinGroup("workers", List.of("jobs"));
            Fetch revoked = first.poll(10, SHORT);
            assertThat(revoked.revoked()).hasSize(2);
            assertThat(second.poll(10, SHORT).assigned()).as("nothing until the owner released").isEmpty();

            first.release(revoked.revoked());
            Fetch assigned = second.poll(10, Duration.ofSeconds(2));

            assertThat(assigned.assigned()).containsExactlyInAnyOrderElementsOf(revoked.revoked());
            TopicPartition kept = new TreeSet<>(Set.of(new TopicPartition("jobs", 0), new TopicPartition("jobs", 1),
                    new TopicPartition("jobs", 2), new TopicPartition("jobs", 3))).stream()
                    .filter(partition -> !revoked.revoked().contains(partition)).findFirst().orElseThrow();
            assertThat(first.commit(Map.of(kept, 0L))).succeedsWithin(Duration.ofSeconds(5));
            assertThatThrownBy(() -> first.commit(Map.of(assigned.assigned().getFirst(), 0L)).join())
                    .hasCauseInstanceOf(NotPartitionOwnerException.class);
            first.close();
            second.close();
        }
    }

    @Test
    void whenAMemberLeavesTheOtherTakesOverFromTheCommittedOffsets() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 2);
            GroupConsumer first = broker.joinGroup("workers", List.of("jobs"));
            first.poll(10, SHORT);
            GroupConsumer second = broker.joinGroup("workers", List.of("jobs"));
            first.release(first.poll(10, SHORT).revoked());
            TopicPartition secondsPartition = second.poll(10, Duration.ofSeconds(2)).assigned().getFirst();
            for (int i = 0; i < 20; i++) {
                broker.publish("jobs", record(null, "job-" + i)).join();
            }
            List<StoredRecord> consumed = pollRecords(second, 10);
            second.commit(Map.of(secondsPartition, 3L)).join();
            second.close();

            Fetch takeover = first.poll(100, Duration.ofSeconds(2));
            List<StoredRecord> records = new ArrayList<>(takeover.records());
            while (records.stream().filter(r -> r.partition().equals(secondsPartition)).count() < 7) {
                records.addAll(first.poll(100, Duration.ofSeconds(2)).records());
            }

            assertThat(consumed).allMatch(r -> r.partition().equals(secondsPartition));
            assertThat(takeover.assigned()).containsExactly(secondsPartition);
            assertThat(records.stream().filter(r -> r.partition().equals(secondsPartition)).map(StoredRecord::offset))
                    .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
            first.close();
        }
    }

    @Test
    void anOwnerThatDoesNotReleaseLosesThePartitionAfterTheSessionTimeout() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 2);
            GroupConsumer stubborn = broker.joinGroup("workers", List.of("jobs"));
            stubborn.poll(10, SHORT);
            GroupConsumer newcomer = broker.joinGroup("workers", List.of("jobs"));
            TopicPartition moving = stubborn.poll(10, SHORT).revoked().getFirst();
            assertThat(stubborn.commit(Map.of(moving, 0L))).as("still the owner while revoking")
                    .succeedsWithin(Duration.ofSeconds(5));

            long started = System.nanoTime();
            Fetch fetch = newcomer.poll(10, Duration.ofSeconds(5));

            assertThat(fetch.assigned()).containsExactly(moving);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(300));
            assertThat(stubborn.commit(Map.of(moving, 1L))).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(NotPartitionOwnerException.class);
        }
    }

    @Test
    void aSilentRemoteMemberExpiresAndAHeartbeatingOneStays() throws InterruptedException {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 2);
            ExpiringGroupConsumer heartbeating = broker.joinGroup("workers", List.of("jobs"), Duration.ofMillis(300));
            ExpiringGroupConsumer silent = broker.joinGroup("workers", List.of("jobs"), Duration.ofMillis(300));
            for (int i = 0; i < 8; i++) {
                Thread.sleep(100);
                heartbeating.heartbeat();
            }

            assertThatThrownBy(() -> silent.poll(10, SHORT)).isInstanceOf(MembershipEndedException.class)
                    .hasMessageContaining("session expired");
            Set<TopicPartition> owned = new TreeSet<>();
            for (int i = 0; i < 5 && owned.size() < 2; i++) {
                owned.addAll(heartbeating.poll(10, SHORT).assigned());
            }
            assertThat(owned).hasSize(2);
            heartbeating.close();
        }
    }

    @Test
    void pollWaitsForRecordsAndWakesWhenOneIsPublished() {
        try (FileBroker broker = FileBroker.open(small(directory))) {
            broker.createTopic("jobs", 1);
            GroupConsumer member = broker.joinGroup("workers", List.of("jobs"));
            assertThat(member.poll(10, SHORT).assigned()).hasSize(1);
            CompletableFuture.runAsync(() -> {
                sleep(200);
                broker.publish("jobs", record("k", "late")).join();
            });

            long started = System.nanoTime();
            Fetch fetch = member.poll(10, Duration.ofSeconds(10));

            assertThat(fetch.records()).extracting(TestBrokers::text).containsExactly("late");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            member.close();
        }
    }

    @Test
    void closingTheBrokerEndsItsMembers() {
        FileBroker broker = FileBroker.open(small(directory));
        GroupConsumer member = broker.joinGroup("workers", List.of("jobs"));
        broker.close();
        assertThatThrownBy(() -> member.poll(1, SHORT)).isInstanceOf(MembershipEndedException.class);
    }

    private static List<StoredRecord> pollRecords(GroupConsumer member, int count) {
        List<StoredRecord> records = new ArrayList<>();
        for (int attempt = 0; records.size() < count && attempt < 50; attempt++) {
            records.addAll(member.poll(count - records.size(), Duration.ofMillis(200)).records());
        }
        return records;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
