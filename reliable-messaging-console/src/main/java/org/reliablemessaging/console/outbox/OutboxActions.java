package org.reliablemessaging.console.outbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.Reasons;
import org.reliablemessaging.console.Selection;
import org.reliablemessaging.console.Where;
import org.reliablemessaging.console.audit.AuditEntry;
import org.reliablemessaging.console.audit.AuditLog;

/**
 * Requeues or skips {@code DEAD} outbox rows, listed or by filter, in bounded batches; only rows still
 * {@code DEAD} change, so the same request twice changes each row once.
 *
 * <p>A requeued row goes back to {@code PENDING} with its attempts reset; if it holds its key it still
 * does, so it is sent before the key's later messages. A skipped row becomes {@code SKIPPED}: never
 * sent, kept for the record, and no longer holding its key, whose hold passes to its next failed row
 * as when the relay sends a holding row.
 */
public final class OutboxActions {

    public static final String REQUEUE = "OUTBOX_REQUEUE";

    public static final String SKIP = "OUTBOX_SKIP";

    private final ConsoleDatabase db;

    private final OutboxReads reads;

    private final AuditLog audit;

    private final int batchSize;

    private final String outbox;

    private final String keys;

    public OutboxActions(ConsoleDatabase db, OutboxReads reads, AuditLog audit, int batchSize) {
        this.db = db;
        this.reads = reads;
        this.audit = audit;
        this.batchSize = batchSize;
        this.outbox = db.tables().outbox();
        this.keys = db.tables().outboxKey();
    }

    public ActionResult requeue(Selection selection, String actor, @Nullable String reason) {
        return apply(REQUEUE, selection, actor, Reasons.optional(reason), ids -> db.named().update("UPDATE " + outbox
                + " SET status = 'PENDING', attempts = 0, available_at = NULL, dead_at = NULL "
                + "WHERE id IN (:ids) AND status = 'DEAD'", Map.of("ids", ids)));
    }

    public ActionResult skip(Selection selection, String actor, @Nullable String reason) {
        return apply(SKIP, selection, actor, Reasons.required(reason, "skip dead outbox rows"), this::skipRows);
    }

    private int skipRows(List<Long> ids) {
        int skipped = 0;
        for (long id : ids) {
            List<TopicKey> rows = db.jdbc().query("SELECT topic, msg_key FROM " + outbox + " WHERE id = ?",
                    (row, n) -> new TopicKey(row.getString("topic"), row.getString("msg_key")), id);
            if (rows.isEmpty() || db.jdbc().update("UPDATE " + outbox + " SET status = 'SKIPPED' WHERE id = ? "
                    + "AND status = 'DEAD'", id) == 0) {
                continue;
            }
            skipped++;
            String key = rows.get(0).key();
            if (key != null) {
                passHoldOn(id, rows.get(0).topic(), key);
            }
        }
        return skipped;
    }

    /** As the relay does when a holding row is sent: the key's next failed row holds it, if any. */
    private void passHoldOn(long id, String topic, String key) {
        Long next = db.jdbc().queryForObject("SELECT MIN(id) FROM " + outbox + " WHERE topic = ? AND msg_key = ? "
                + "AND id > ? AND ((status = 'PENDING' AND attempts > 0) OR status = 'DEAD')", Long.class, topic, key, id);
        db.jdbc().update("UPDATE " + keys + " SET held_by = ? WHERE topic = ? AND msg_key = ? AND held_by = ?", next,
                topic, key, id);
    }

    private ActionResult apply(String action, Selection selection, String actor, @Nullable String reason,
            Function<List<Long>, Integer> change) {
        Where filter = selection.filter() == null ? null
                : reads.deadWhere(Parameters.of(selection.filter(), OutboxReads.DEAD_FILTER));
        long auditId = audit.begin(actor, action, selection.target(), reason, null);
        long after = 0;
        List<Long> batch;
        while (!(batch = next(selection, filter, after)).isEmpty()) {
            after = batch.get(batch.size() - 1);
            List<Long> ids = batch;
            db.inTransaction(() -> {
                audit.changed(auditId, change.apply(ids));
                return null;
            });
        }
        AuditEntry entry = audit.finish(auditId);
        return new ActionResult(entry.action(), entry.changed(), entry.id());
    }

    private List<Long> next(Selection selection, @Nullable Where filter, long after) {
        if (filter == null) {
            return Objects.requireNonNull(selection.ids(), "a selection without a filter has ids").stream().sorted()
                .distinct().filter(id -> id > after).limit(batchSize).toList();
        }
        Where where = filter.and("o.id > ?", after);
        return db.jdbc().query("SELECT o.id FROM " + outbox + " o" + where.sql() + " ORDER BY o.id LIMIT " + batchSize,
                (row, n) -> row.getLong(1), where.args());
    }

    /** An outbox row's topic and key. */
    private record TopicKey(String topic, @Nullable String key) {
    }
}
