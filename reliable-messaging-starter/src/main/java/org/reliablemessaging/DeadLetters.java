package org.reliablemessaging;

import java.util.List;
import java.util.Optional;

/**
 * Inspects, replays and skips the messages listeners gave up on.
 *
 * <p>A replay sends the message again, through the outbox, to the group that failed it and to no
 * other group; it carries the original message id in {@code rm-original-id}, so idempotency guards
 * see it as the message they failed on. Only letters still {@link DeadLetter.Status#DEAD} are
 * replayed or skipped, so doing either twice, even at once from two places, has the effect of once.
 */
public interface DeadLetters {

    /** The letters matching {@code query}, in id order, at most {@link DeadLetterQuery#limit()} of them. */
    List<DeadLetter> list(DeadLetterQuery query);

    /** The letter with id {@code id}, if there is one. */
    Optional<DeadLetter> find(long id);

    /**
     * How many letters match the group, topic and status of {@code query}; its limit and afterId,
     * which page through the letters, are ignored.
     */
    long count(DeadLetterQuery query);

    /**
     * Replays the first page of dead letters matching {@code query}.
     * @return how many were replayed
     * @throws IllegalArgumentException if the query asks for letters that are not dead
     */
    int replay(DeadLetterQuery query);

    /**
     * Replays one letter if it is still dead.
     * @return whether it was replayed ({@code false} if it does not exist or is no longer dead)
     */
    boolean replay(long id);

    /**
     * Replays one letter, if it is still dead, with {@code payload} instead of the payload it failed
     * with (edit and replay); the letter keeps its own payload, and is marked replayed and edited.
     * @return whether it was replayed ({@code false} if it does not exist or is no longer dead)
     */
    boolean replayEdited(long id, byte[] payload);

    /**
     * Skips the first page of dead letters matching {@code query}: they stay for the record, marked as given up.
     * @return how many were skipped
     * @throws IllegalArgumentException if the query asks for letters that are not dead
     */
    int skip(DeadLetterQuery query);

    /**
     * Skips one letter if it is still dead.
     * @return whether it was skipped ({@code false} if it does not exist or is no longer dead)
     */
    boolean skip(long id);
}
