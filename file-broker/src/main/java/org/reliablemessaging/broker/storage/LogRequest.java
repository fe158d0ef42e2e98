package org.reliablemessaging.broker.storage;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/** Something the log writer does, in the order requests were submitted; the future completes when it is done. */
sealed interface LogRequest {

    CompletableFuture<?> future();

    /** Appends an encoded record to the partition its key picks (round-robin without a key). */
    record Append(String topic, @Nullable String key, byte[] record, CompletableFuture<RecordPosition> future)
            implements LogRequest {
    }

    /** Creates a topic unless it exists; completes with the topic as it exists. */
    record CreateTopic(String topic, int partitions, CompletableFuture<TopicDescription> future)
            implements LogRequest {
    }

    /** Stores a group's committed offsets. */
    record CommitOffsets(String group, Map<TopicPartition, Long> offsets, CompletableFuture<@Nullable Void> future)
            implements LogRequest {
    }

    /** Forces the log and completes with a snapshot of its state, for a checkpoint. */
    record TakeCheckpoint(CompletableFuture<Checkpoint> future) implements LogRequest {
    }

    /** Applies retention to the segments before {@code beforeSegment}; completes with how many it deleted. */
    record Retain(long beforeSegment, CompletableFuture<Integer> future) implements LogRequest {
    }

    /** Stops the writer after everything submitted before. */
    record Stop(CompletableFuture<@Nullable Void> future) implements LogRequest {
    }
}
