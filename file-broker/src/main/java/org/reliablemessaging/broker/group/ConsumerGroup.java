package org.reliablemessaging.broker.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.MembershipEndedException;
import org.reliablemessaging.broker.NotPartitionOwnerException;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.storage.Log;

/**
 * One consumer group: its members and who owns which partition. A partition that must move is first
 * revoked from its owner and given to its new owner only when the owner released it, left, or let
 * {@code revokeTimeout} pass, so a partition never has two owners.
 */
final class ConsumerGroup {

    private static final System.Logger LOG = System.getLogger(ConsumerGroup.class.getName());

    /** What a member may read now, and the changes to report to it. */
    record Assignment(List<TopicPartition> assigned, List<TopicPartition> revoked,
            Map<TopicPartition, Long> readable) {
    }

    private final String name;
    private final Log log;
    private final Duration revokeTimeout;
    private final ScheduledExecutorService timers;
    private final SortedMap<String, MemberState> members = new TreeMap<>();
    private final Map<TopicPartition, MemberState> owners = new HashMap<>();
    private int joined;

    ConsumerGroup(String name, Log log, Duration revokeTimeout, ScheduledExecutorService timers) {
        this.name = name;
        this.log = log;
        this.revokeTimeout = revokeTimeout;
        this.timers = timers;
    }

    String name() {
        return name;
    }

    synchronized MemberState join(Set<String> topics, @Nullable Duration sessionTimeout) {
        MemberState member = new MemberState(String.format("%s-member-%08d", name, ++joined), topics, sessionTimeout);
        members.put(member.id, member);
        LOG.log(System.Logger.Level.INFO, "member {0} joined group {1} for topics {2}", member.id, name, topics);
        if (sessionTimeout != null) {
            scheduleSessionCheck(member, sessionTimeout.toNanos());
        }
        rebalance();
        return member;
    }

    synchronized void leave(MemberState member, String reason) {
        if (member.goneBecause != null) {
            return;
        }
        member.goneBecause = reason;
        members.remove(member.id);
        for (TopicPartition partition : List.copyOf(member.owned)) {
            owners.remove(partition);
            member.drop(partition);
        }
        LOG.log(System.Logger.Level.INFO, "member {0} left group {1}: {2}", member.id, name, reason);
        rebalance();
    }

    /** Reports the member's changes since its last poll and the partitions it may read, from where. */
    synchronized Assignment poll(MemberState member) {
        touch(member);
        List<TopicPartition> assigned = List.copyOf(member.assignedUnreported);
        List<TopicPartition> revoked = List.copyOf(member.revokedUnreported);
        member.assignedUnreported.clear();
        member.revokedUnreported.clear();
        Map<TopicPartition, Long> readable = new TreeMap<>(member.positions);
        readable.keySet().removeAll(member.revoking.keySet());
        return new Assignment(assigned, revoked, readable);
    }

    /** Moves the member's position in {@code partition} unless the partition changed hands meanwhile. */
    synchronized void advance(MemberState member, TopicPartition partition, long from, long to) {
        member.positions.replace(partition, from, to);
    }

    synchronized void checkOwner(MemberState member, Collection<TopicPartition> partitions) {
        touch(member);
        for (TopicPartition partition : partitions) {
            if (owners.get(partition) != member) {
                throw new NotPartitionOwnerException(name, member.id, partition);
            }
        }
    }

    synchronized void release(MemberState member, Collection<TopicPartition> partitions) {
        touch(member);
        boolean changed = false;
        for (TopicPartition partition : partitions) {
            if (owners.get(partition) == member) {
                owners.remove(partition);
                member.drop(partition);
                changed = true;
            }
        }
        if (changed) {
            rebalance();
        }
    }

    synchronized void touch(MemberState member) {
        if (member.goneBecause != null) {
            throw new MembershipEndedException(name, member.id, member.goneBecause);
        }
        member.lastSeenNanos = System.nanoTime();
    }

    synchronized void closeAll(String reason) {
        List.copyOf(members.values()).forEach(member -> leave(member, reason));
    }

    /** Moves partitions towards the target assignment: revokes what must move, gives what is free. */
    private void rebalance() {
        Map<TopicPartition, MemberState> target = Assignor.assign(members, MemberState::topics,
                topic -> log.topic(topic).orElseThrow().partitions());
        for (Map.Entry<TopicPartition, MemberState> entry : new ArrayList<>(owners.entrySet())) {
            TopicPartition partition = entry.getKey();
            MemberState owner = entry.getValue();
            if (target.get(partition) == owner && owner.revokedUnreported.remove(partition)) {
                // the owner never heard of the revocation, so it can simply keep the partition
                owner.revoking.remove(partition);
            }
            else if (target.get(partition) != owner && !owner.revoking.containsKey(partition)) {
                owner.revoke(partition, System.nanoTime() + revokeTimeout.toNanos());
                timers.schedule(() -> revocationDue(owner, partition), revokeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
        target.forEach((partition, member) -> {
            if (!owners.containsKey(partition)) {
                owners.put(partition, member);
                member.give(partition, startPosition(partition));
            }
        });
        log.changes().signalAll();
    }

    private long startPosition(TopicPartition partition) {
        long committed = log.committedOffset(name, partition).orElse(0L);
        return Math.max(committed, log.offsets(partition).start());
    }

    private synchronized void revocationDue(MemberState owner, TopicPartition partition) {
        Long deadline = owner.revoking.get(partition);
        if (owners.get(partition) == owner && deadline != null && System.nanoTime() - deadline >= 0) {
            LOG.log(System.Logger.Level.WARNING, "member {0} of group {1} did not release {2} within {3}; "
                    + "giving it to its new owner", owner.id, name, partition, revokeTimeout);
            owners.remove(partition);
            owner.drop(partition);
            rebalance();
        }
    }

    private void scheduleSessionCheck(MemberState member, long delayNanos) {
        timers.schedule(() -> checkSession(member), delayNanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void checkSession(MemberState member) {
        if (member.goneBecause != null) {
            return;
        }
        Duration sessionTimeout = Objects.requireNonNull(member.sessionTimeout, "only expiring members are checked");
        long silentNanos = System.nanoTime() - member.lastSeenNanos;
        long timeoutNanos = sessionTimeout.toNanos();
        if (silentNanos >= timeoutNanos) {
            leave(member, "session expired after " + sessionTimeout + " without a heartbeat");
        }
        else {
            scheduleSessionCheck(member, timeoutNanos - silentNanos);
        }
    }
}
