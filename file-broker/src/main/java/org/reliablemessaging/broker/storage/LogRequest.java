package org.reliablemessaging.broker.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reliablemessaging.broker.BrokerUnavailableException;
import org.reliablemessaging.broker.RecordPosition;
import org.reliablemessaging.broker.TopicDescription;
import org.reliablemessaging.broker.TopicPartition;

/** Something the log writer does, in the order requests were submitted; the future completes when it is done. */
sealed interface LogRequest {

    CompletableFuture<?> future();

    /** Fails the requests of {@code batch} that {@code served} rejects with {@code error}; returns the rest. */
    static List<LogRequest> refuse(List<LogRequest> batch, BrokerUnavailableException error,
            Predicate<LogRequest> served) {
        List<LogRequest> rest = new ArrayList<>();
        for (LogRequest request : batch) {
            if (served.test(request)) {
                rest.add(request);
            }
            else {
                request.future().completeExceptionally(error);
            }
        }
        return rest;
    }

    /** Whether {@code request} writes no frame, so that the writer serves it while the disk refuses writes. */
    static boolean writesNoFrame(LogRequest request) {
        return request instanceof TakeCheckpoint || request instanceof Retain || request instanceof Stop;
    }

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
