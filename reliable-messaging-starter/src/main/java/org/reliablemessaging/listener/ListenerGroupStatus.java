package org.reliablemessaging.listener;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The state of one consumer group's listeners in this instance, for health checks.
 *
 * @param group the consumer group
 * @param topics the topics its listeners consume
 * @param running whether every one of its listeners is running
 * @param inFlight messages received and not yet settled
 * @param keysRetrying keys held back until their failed message's next attempt
 * @param messagesDeferred messages waiting for a deferral to end (an idempotency guard's store out of reach, say)
 * @param deferredSince since when some message has been deferred without a break, {@code null} if none is
 * @param deferredBecause why the latest deferral happened, {@code null} if none is deferred
 */
public record ListenerGroupStatus(String group, List<String> topics, boolean running, int inFlight, int keysRetrying,
        int messagesDeferred, @Nullable Instant deferredSince, @Nullable String deferredBecause) {

    public ListenerGroupStatus {
        Objects.requireNonNull(group, "group");
        topics = List.copyOf(topics);
    }

    static ListenerGroupStatus of(String group, List<ListenerContainer> containers) {
        List<ListenerActivity.Snapshot> activities = containers.stream().map(ListenerContainer::activity).toList();
        ListenerActivity.Snapshot longestDeferred = activities.stream().filter(a -> a.deferredSince() != null)
                .min(Comparator.comparing(a -> Objects.requireNonNull(a.deferredSince()))).orElse(null);
        return new ListenerGroupStatus(group,
                containers.stream().map(container -> container.endpoint().topic()).distinct().toList(),
                containers.stream().allMatch(ListenerContainer::isRunning),
                containers.stream().mapToInt(ListenerContainer::inFlight).sum(),
                activities.stream().mapToInt(ListenerActivity.Snapshot::keysRetrying).sum(),
                activities.stream().mapToInt(ListenerActivity.Snapshot::messagesDeferred).sum(),
                longestDeferred == null ? null : longestDeferred.deferredSince(),
                longestDeferred == null ? null : longestDeferred.deferredBecause());
    }
}
