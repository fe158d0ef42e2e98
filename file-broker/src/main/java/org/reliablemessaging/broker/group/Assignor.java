package org.reliablemessaging.broker.group;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.reliablemessaging.broker.TopicPartition;

/**
 * The assignment a group converges to: partitions in topic and number order, dealt round-robin over
 * the members (in id order) that subscribe to their topic. The same members always get the same partitions.
 */
final class Assignor {

    private Assignor() {
    }

    static <M> Map<TopicPartition, M> assign(SortedMap<String, M> members, Function<M, Set<String>> topicsOf,
            ToIntFunction<String> partitionsOf) {
        Set<String> topics = new TreeSet<>();
        members.values().forEach(member -> topics.addAll(topicsOf.apply(member)));
        Map<TopicPartition, M> target = new HashMap<>();
        int dealt = 0;
        for (String topic : topics) {
            List<M> eligible = members.values().stream().filter(member -> topicsOf.apply(member).contains(topic))
                    .toList();
            for (int partition = 0; partition < partitionsOf.applyAsInt(topic); partition++) {
                target.put(new TopicPartition(topic, partition), eligible.get(dealt++ % eligible.size()));
            }
        }
        return target;
    }
}
