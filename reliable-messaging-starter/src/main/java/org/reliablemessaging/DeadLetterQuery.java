package org.reliablemessaging;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetter.Status;

/**
 * Which dead letters to list, count, replay or skip: a filter and a page, built fluently from
 * {@link #all()}, for example {@code DeadLetterQuery.all().group("inventory").topic("orders").limit(50)}.
 *
 * @param group only this consumer group's letters, {@code null} for every group
 * @param topic only letters from this topic, {@code null} for every topic
 * @param status only letters with this status ({@link Status#DEAD} unless set)
 * @param limit at most this many letters, from 1 to {@value #MAX_LIMIT} ({@value #DEFAULT_LIMIT} unless set)
 * @param afterId only letters with a greater id: the last id of the previous page, 0 for the first page
 */
public record DeadLetterQuery(@Nullable String group, @Nullable String topic, Status status, int limit, long afterId) {

    /** The limit unless set. */
    public static final int DEFAULT_LIMIT = 100;

    /** The largest limit, so that one call never loads an unbounded number of payloads. */
    public static final int MAX_LIMIT = 1000;

    public DeadLetterQuery {
        Objects.requireNonNull(status, "status");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative, was " + afterId);
        }
    }

    /** The first {@value #DEFAULT_LIMIT} dead letters of every group and topic. */
    public static DeadLetterQuery all() {
        return new DeadLetterQuery(null, null, Status.DEAD, DEFAULT_LIMIT, 0);
    }

    /** This query for one consumer group only ({@code null} for every group). */
    public DeadLetterQuery group(@Nullable String group) {
        return new DeadLetterQuery(group, topic, status, limit, afterId);
    }

    /** This query for one topic only ({@code null} for every topic). */
    public DeadLetterQuery topic(@Nullable String topic) {
        return new DeadLetterQuery(group, topic, status, limit, afterId);
    }

    /** This query for letters with another status. */
    public DeadLetterQuery status(Status status) {
        return new DeadLetterQuery(group, topic, status, limit, afterId);
    }

    /** This query with another page size. */
    public DeadLetterQuery limit(int limit) {
        return new DeadLetterQuery(group, topic, status, limit, afterId);
    }

    /** The page of this query after the letter with id {@code afterId}. */
    public DeadLetterQuery afterId(long afterId) {
        return new DeadLetterQuery(group, topic, status, limit, afterId);
    }
}
