package org.reliablemessaging.broker.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerException;
import org.reliablemessaging.broker.ExpiringGroupConsumer;
import org.reliablemessaging.broker.Fetch;
import org.reliablemessaging.broker.OffsetOutOfRangeException;
import org.reliablemessaging.broker.StoredRecord;
import org.reliablemessaging.broker.TopicPartition;
import org.reliablemessaging.broker.storage.Log;

/** A member of a consumer group of the embedded broker; see {@link ExpiringGroupConsumer}. */
final class GroupMember implements ExpiringGroupConsumer {

    private static final System.Logger LOG = System.getLogger(GroupMember.class.getName());

    private final ConsumerGroup group;
    private final MemberState state;
    private final Log log;
    private final Map<TopicPartition, CompletableFuture<@Nullable Void>> lastCommits = new ConcurrentHashMap<>();
    private int firstPartitionToRead;

    GroupMember(ConsumerGroup group, MemberState state, Log log) {
        this.group = group;
        this.state = state;
        this.log = log;
    }

    @Override
    public String memberId() {
        return state.id;
    }

    @Override
    public Fetch poll(int maxRecords, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            long seen = log.changes().version();
            ConsumerGroup.Assignment assignment = group.poll(state);
            List<StoredRecord> records = read(assignment.readable(), maxRecords);
            if (!records.isEmpty() || !assignment.assigned().isEmpty() || !assignment.revoked().isEmpty()
                    || System.nanoTime() - deadline >= 0) {
                return new Fetch(assignment.assigned(), assignment.revoked(), records);
            }
            try {
                log.changes().awaitChangeSince(seen, deadline);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while polling group '" + group.name() + "'", ex);
            }
        }
    }

    @Override
    public CompletableFuture<@Nullable Void> commit(Map<TopicPartition, Long> nextOffsets) {
        try {
            nextOffsets.forEach((partition, offset) -> {
                if (offset < 0) {
                    throw new IllegalArgumentException("cannot commit negative offset " + offset + " for " + partition);
                }
            });
            group.checkOwner(state, nextOffsets.keySet());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<@Nullable Void> committed = log.commit(group.name(), nextOffsets);
        nextOffsets.keySet().forEach(partition -> lastCommits.put(partition, committed));
        return committed;
    }

    @Override
    public void release(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            CompletableFuture<@Nullable Void> commit = lastCommits.remove(partition);
            if (commit != null) {
                // the new owner starts at the committed offset, so a commit under way must land first
                commit.exceptionally(failure -> {
                    LOG.log(System.Logger.Level.WARNING, "releasing " + partition + " although its last commit by "
                            + state.id + " failed; its new owner will see some records again", failure);
                    return null;
                }).join();
            }
        }
        group.release(state, partitions);
    }

    @Override
    public void heartbeat() {
        group.touch(state);
    }

    @Override
    public void close() {
        group.leave(state, "closed");
    }

    /** Reads up to {@code maxRecords}, starting with a different partition each time so none starves. */
    private List<StoredRecord> read(Map<TopicPartition, Long> positions, int maxRecords) {
        List<StoredRecord> records = new ArrayList<>();
        List<Map.Entry<TopicPartition, Long>> partitions = new ArrayList<>(positions.entrySet());
        for (int i = 0; i < partitions.size() && records.size() < maxRecords; i++) {
            Map.Entry<TopicPartition, Long> position = partitions.get((firstPartitionToRead + i) % partitions.size());
            TopicPartition partition = position.getKey();
            long from = position.getValue();
            List<StoredRecord> read;
            try {
                read = log.read(partition, from, maxRecords - records.size());
            }
            catch (OffsetOutOfRangeException ex) {
                long start = log.offsets(partition).start();
                LOG.log(System.Logger.Level.WARNING, "group {0} skips {1} from offset {2} to {3}: retention deleted "
                        + "the records in between", group.name(), partition, from, start);
                group.advance(state, partition, from, start);
                continue;
            }
            if (!read.isEmpty()) {
                records.addAll(read);
                group.advance(state, partition, from, read.getLast().offset() + 1);
            }
        }
        firstPartitionToRead++;
        return records;
    }
}
