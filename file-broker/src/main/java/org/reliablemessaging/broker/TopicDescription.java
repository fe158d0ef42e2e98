package org.reliablemessaging.broker;

import java.util.Objects;

/**
 * A topic and its number of partitions, which never changes once the topic exists.
 *
 * @param name the topic name
 * @param partitions how many partitions it has
 */
public record TopicDescription(String name, int partitions) {

    public TopicDescription {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, was " + partitions);
        }
    }
}
