package org.reliablemessaging.broker.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.TopicPartition;

/** What the group knows of one member; guarded by its {@link ConsumerGroup}'s lock. */
final class MemberState {

    final String id;
    final Set<String> topics;
    /** {@code null} for an embedded member, which lives as long as its JVM. */
    final @Nullable Duration sessionTimeout;
    /** Owned partitions, including those being revoked. */
    final Set<TopicPartition> owned = new TreeSet<>();
    /** Partitions being revoked, with the {@link System#nanoTime()} by which they must be released. */
    final Map<TopicPartition, Long> revoking = new HashMap<>();
    final List<TopicPartition> assignedUnreported = new ArrayList<>();
    final List<TopicPartition> revokedUnreported = new ArrayList<>();
    /** The next offset to read, by owned partition. */
    final Map<TopicPartition, Long> positions = new HashMap<>();
    long lastSeenNanos = System.nanoTime();
    /** Why the member left, or {@code null} while it is in the group. */
    @Nullable String goneBecause;

    MemberState(String id, Set<String> topics, @Nullable Duration sessionTimeout) {

        this.id = id;
        this.topics = Set.copyOf(topics);
        this.sessionTimeout = sessionTimeout;
    }

    Set<String> topics() {
        return topics;
    }

    void give(TopicPartition partition, long position) {
        owned.add(partition);
        assignedUnreported.add(partition);
        positions.put(partition, position);
    }

    void revoke(TopicPartition partition, long deadlineNanos) {
        revoking.put(partition, deadlineNanos);
        revokedUnreported.add(partition);
    }

    void drop(TopicPartition partition) {
        owned.remove(partition);
        revoking.remove(partition);
        positions.remove(partition);
        assignedUnreported.remove(partition);
    }
}
