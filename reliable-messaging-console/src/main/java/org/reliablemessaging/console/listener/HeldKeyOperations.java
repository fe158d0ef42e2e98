package org.reliablemessaging.console.listener;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ActionResult;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.PageRequest;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.Reasons;
import org.reliablemessaging.console.Where;
import org.reliablemessaging.console.audit.AuditEntry;
import org.reliablemessaging.console.audit.AuditLog;

/**
 * The keys listeners of every instance hold back while they retry, and requests to dead-letter the
 * failing message now: written into the key's rows, where the instance retrying it looks during its
 * wait for the next attempt. Rows whose instance died expired a minute after their next attempt was
 * due; they are left out, and deleted here.
 */
public final class HeldKeyOperations {

    public static final String DEAD_LETTER = "HELD_KEY_DEAD_LETTER";

    /** The filter names of the list. */
    public static final Set<String> FILTER = Set.of("group", "topic");

    private static final int EXPIRED_PER_CLEANUP = 500;

    private final ConsoleDatabase db;

    private final AuditLog audit;

    private final String table;

    public HeldKeyOperations(ConsoleDatabase db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
        this.table = db.tables().heldKey();
    }

    /** A page of held keys, newest first. */
    public Page<HeldKey> list(Parameters filter, PageRequest page) {
        deleteExpired();
        Where where = Where.all().and("expires_at > ?", db.value(db.now())).equal("group_name", filter.string("group"))
            .equal("topic", filter.string("topic"));
        Long total = page.count()
                ? db.jdbc().queryForObject("SELECT COUNT(*) FROM " + table + where.sql(), Long.class, where.args())
                : null;
        Where paged = page.paged(where, "id");
        List<HeldKey> rows = db.jdbc().query("SELECT * FROM " + table + paged.sql() + " ORDER BY id DESC LIMIT "
                + (page.limit() + 1), (row, n) -> new HeldKey(row.getLong("id"), row.getString("group_name"),
                        row.getString("topic"), row.getString("msg_key"), row.getString("message_id"),
                        row.getString("instance_id"), row.getInt("attempts"), db.requiredInstant(row, "since"),
                        db.requiredInstant(row, "next_attempt_at"), row.getString("last_error"),
                        db.instant(row, "dead_letter_requested_at")), paged.args());
        return Page.of(rows, page.limit(), HeldKey::id, total);
    }

    /** Held keys per group, across instances. */
    public Map<String, Long> countByGroup() {
        deleteExpired();
        Map<String, Long> counts = new LinkedHashMap<>();
        db.jdbc().query("SELECT group_name, COUNT(*) AS held FROM " + table + " WHERE expires_at > ? GROUP BY group_name",
                row -> {
                    counts.put(row.getString("group_name"), row.getLong("held"));
                }, db.value(db.now()));
        return counts;
    }

    /** Asks whichever instance holds {@code key} of {@code topic} for {@code group} to dead-letter its message now. */
    public ActionResult deadLetter(@Nullable String group, @Nullable String topic, @Nullable String key, String actor,
            @Nullable String reason) {
        if (group == null || topic == null || key == null) {
            throw ConsoleException.invalidRequest("\"group\", \"topic\" and \"key\" are required");
        }
        String why = Reasons.required(reason, "dead-letter a held key");
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("group", group);
        target.put("topic", topic);
        target.put("key", key);
        long auditId = audit.begin(actor, DEAD_LETTER, target, why, null);
        Instant now = db.now();
        db.inTransaction(() -> {
            audit.changed(auditId, db.jdbc().update("UPDATE " + table + " SET dead_letter_requested_at = ?, "
                    + "dead_letter_requested_by = ?, dead_letter_reason = ? WHERE group_name = ? AND topic = ? AND "
                    + "msg_key = ? AND expires_at > ? AND dead_letter_requested_at IS NULL", db.value(now), actor, why,
                    group, topic, key, db.value(now)));
            return null;
        });
        AuditEntry entry = audit.finish(auditId);
        return new ActionResult(entry.action(), entry.changed(), entry.id());
    }

    /** Deletes rows that instances which died left behind. */
    public void deleteExpired() {
        db.inTransaction(() -> db.jdbc().update(db.deleteLimited(table, "expires_at < ?"), db.value(db.now()),
                EXPIRED_PER_CLEANUP));
    }
}
