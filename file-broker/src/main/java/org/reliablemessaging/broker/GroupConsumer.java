package org.reliablemessaging.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * One member of a consumer group: it is given some of the group's partitions and reads them from the
 * group's committed offsets on, at least once.
 *
 * <p>A partition never has two owners at once. When the group changes (a member joins, leaves or
 * misses its session timeout), a partition that moves is first reported to its owner as
 * {@linkplain Fetch#revoked() revoked}; the owner finishes or abandons its work on it, commits, and
 * {@linkplain #release releases} it, and only then is it {@linkplain Fetch#assigned() assigned} to its
 * new owner. An owner that does not release within the session timeout loses it anyway.
 *
 * <p>The membership stays alive, without polling, until {@link #close()} or until the process or its
 * connection dies. Not safe for concurrent {@code poll} calls; {@code commit} and {@code release} may be
 * called from any thread.
 */
public interface GroupConsumer extends AutoCloseable {

    /** This member's id, unique within its group. */
    String memberId();

    /**
     * Waits up to {@code maxWait} for records of the partitions this member owns, or for a change to
     * its assignment, and returns what there is: at most {@code maxRecords} records, each partition's in
     * offset order, continuing where the previous poll ended (or at the committed offset for a newly
     * assigned partition).
     */
    Fetch poll(int maxRecords, Duration maxWait);

    /**
     * Commits, for each partition, the offset of the next record to consume; durable before the
     * future completes.
     *
     * @return fails with {@link NotPartitionOwnerException} for a partition this member does not own
     */
    CompletableFuture<@Nullable Void> commit(Map<TopicPartition, Long> nextOffsets);

    /** Gives up revoked partitions, after committing what was done on them. */
    void release(Collection<TopicPartition> partitions);

    /** Leaves the group; its partitions go to the other members from their committed offsets. */
    @Override
    void close();
}
