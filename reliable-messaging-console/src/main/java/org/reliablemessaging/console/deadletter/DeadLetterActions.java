package org.reliablemessaging.console.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.DeadLetters;
import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.Reasons;
import org.reliablemessaging.console.Where;
import org.reliablemessaging.console.audit.AuditEntry;
import org.reliablemessaging.console.audit.AuditLog;

/**
 * Replays, skips and edits-and-replays dead letters in bounded batches, each batch one transaction
 * with its audit. Each letter goes through {@link DeadLetters}, whose conditional updates change only
 * letters still dead: the same action twice, or twice at once, changes each letter once.
 */
public final class DeadLetterActions {

    public static final String REPLAY = "DEAD_LETTER_REPLAY";

    public static final String SKIP = "DEAD_LETTER_SKIP";

    public static final String EDIT_REPLAY = "DEAD_LETTER_EDIT_REPLAY";

    private final ConsoleDatabase db;

    private final DeadLetters deadLetters;

    private final AuditLog audit;

    private final int batchSize;

    public DeadLetterActions(ConsoleDatabase db, DeadLetters deadLetters, AuditLog audit, int batchSize) {
        this.db = db;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.batchSize = batchSize;
    }

    /** Replays the letters {@code ids}, or every dead letter {@code filter} matches, to their groups. */
    public ActionResult replay(Letters letters, String actor, @Nullable String reason) {
        return apply(REPLAY, letters, actor, Reasons.optional(reason), deadLetters::replay);
    }

    /** Skips the letters, for {@code reason}. */
    public ActionResult skip(Letters letters, String actor, @Nullable String reason) {
        return apply(SKIP, letters, actor, Reasons.required(reason, "skip dead letters"), deadLetters::skip);
    }

    /** Replays letter {@code id} with {@code payload} instead of its own; {@code payloadText} goes into the audit. */
    public ActionResult editAndReplay(long id, byte[] payload, String payloadText, String actor,
            @Nullable String reason) {
        String why = Reasons.required(reason, "edit and replay a dead letter");
        long auditId = audit.begin(actor, EDIT_REPLAY, Map.of("ids", List.of(id)), why, Map.of("payload", payloadText));
        db.inTransaction(() -> {
            if (deadLetters.replayEdited(id, payload)) {
                audit.changedLetters(auditId, List.of(id));
            }
            return null;
        });
        return result(audit.finish(auditId));
    }

    private ActionResult apply(String action, Letters letters, String actor,
            @Nullable String reason, LongPredicate change) {
        long auditId = audit.begin(actor, action, letters.target(), reason, null);
        long after = 0;
        List<Long> batch;
        while (!(batch = letters.next(after, batchSize)).isEmpty()) {
            after = batch.get(batch.size() - 1);
            List<Long> ids = batch;
            db.inTransaction(() -> {
                List<Long> changed = new ArrayList<>();
                for (long id : ids) {
                    if (change.test(id)) {
                        changed.add(id);
                    }
                }
                audit.changedLetters(auditId, changed);
                return null;
            });
        }
        return result(audit.finish(auditId));
    }

    private static ActionResult result(AuditEntry entry) {
        return new ActionResult(entry.action(), entry.changed(), entry.id());
    }

    /** The letters an action applies to, read batch by batch in id order. */
    public Letters letters(List<Long> ids) {
        List<Long> sorted = ids.stream().sorted().distinct().toList();
        return new Letters(Map.of("ids", ids), (after, limit) -> sorted.stream().filter(id -> id > after).limit(limit)
            .toList());
    }

    /** Every dead letter {@code filter} matches, read batch by batch in id order. */
    public Letters letters(DeadLetterFilter filter, Map<String, Object> asSent) {
        DeadLetterFilter dead = filter.forAction();
        String table = db.tables().deadLetter();
        return new Letters(Map.of("filter", asSent), (after, limit) -> {
            Where where = dead.where(db).and("id > ?", after);
            return db.jdbc().query("SELECT id FROM " + table + where.sql() + " ORDER BY id LIMIT " + limit,
                    (row, n) -> row.getLong(1), where.args());
        });
    }

    /**
     * The letters of one action.
     *
     * @param target what the audit records as the action's target
     * @param batches the next batch of ids after a given id, at most a given number
     */
    public record Letters(Map<String, Object> target, Batches batches) {

        List<Long> next(long after, int limit) {
            return batches.next(after, limit);
        }
    }

    /** Reads the next batch of ids. */
    @FunctionalInterface
    public interface Batches {

        List<Long> next(long after, int limit);
    }
}
