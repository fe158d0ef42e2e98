package org.reliablemessaging.console.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.PageRequest;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.Where;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records every action taken through the operations API in the audit table, links the dead letters
 * it changed, and logs one line per action on the logger {@value #LOGGER}.
 *
 * <p>An entry is written before the action's first batch, and its count grows with each batch, in
 * that batch's transaction: an action that fails midway keeps an entry with what it did change.
 */
public final class AuditLog {

    /** The logger of the one line per action. */
    public static final String LOGGER = "org.reliablemessaging.console.audit";

    /** The filter names of the audit list. */
    public static final Set<String> FILTER = Set.of("actor", "action", "from", "to");

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConsoleDatabase db;

    private final String table;

    private final String letters;

    public AuditLog(ConsoleDatabase db) {
        this.db = db;
        this.table = db.tables().consoleAudit();
        this.letters = db.tables().consoleAuditLetter();
    }

    /**
     * Records that {@code actor} begins {@code action} on {@code target}, committed at once.
     * @return the entry's id
     */
    public long begin(String actor, String action, Object target, @Nullable String reason, @Nullable Object details) {
        String targetJson = JSON.writeValueAsString(target);
        String detailsJson = details == null ? null : JSON.writeValueAsString(details);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        db.inTransaction(() -> db.jdbc().update(connection -> {
            PreparedStatement ps = connection.prepareStatement("INSERT INTO " + table + " (acted_at, actor, action, "
                    + "target, changed, reason, details) VALUES (?, ?, ?, ?, 0, ?, ?)", new String[] { "id" });
            ps.setObject(1, db.value(db.now()));
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, targetJson);
            ps.setString(5, reason);
            ps.setString(6, detailsJson);
            return ps;
        }, key));
        return Objects.requireNonNull(key.getKeyAs(Number.class), "the database returns the new entry's id").longValue();
    }

    /** Adds {@code count} changed rows to the entry, in the current transaction. */
    public void changed(long auditId, long count) {
        if (count > 0) {
            db.jdbc().update("UPDATE " + table + " SET changed = changed + ? WHERE id = ?", count, auditId);
        }
    }

    /** Adds the dead letters {@code ids} to the entry, changed, in the current transaction. */
    public void changedLetters(long auditId, List<Long> ids) {
        changed(auditId, ids.size());
        db.jdbc().batchUpdate("INSERT INTO " + letters + " (dead_letter_id, audit_id) VALUES (?, ?)", ids, 500,
                (ps, id) -> {
                    ps.setLong(1, id);
                    ps.setLong(2, auditId);
                });
    }

    /** Logs the action's line once it is over, and returns its entry. */
    public AuditEntry finish(long auditId) {
        AuditEntry entry = find(auditId);
        log.info("console action={} actor={} changed={} auditId={} target={} reason={}", entry.action(),
                entry.actor(), entry.changed(), entry.id(), entry.target(), JSON.writeValueAsString(entry.reason()));
        return entry;
    }

    public AuditEntry find(long id) {
        return db.jdbc().query("SELECT * FROM " + table + " WHERE id = ?", this::entry, id).stream().findFirst()
            .orElseThrow(() -> ConsoleException.notFound("No audit entry " + id));
    }

    /** A page of entries, newest first. */
    public Page<AuditEntry> list(Parameters filter, PageRequest page) {
        Instant from = filter.instant("from");
        Instant to = filter.instant("to");
        Parameters.checkRange("from", from, "to", to);
        Where where = Where.all().equal("actor", filter.string("actor")).equal("action", filter.string("action"));
        where = from == null ? where : where.and("acted_at >= ?", db.value(from));
        where = to == null ? where : where.and("acted_at < ?", db.value(to));
        Long total = page.count() ? db.jdbc().queryForObject("SELECT COUNT(*) FROM " + table + where.sql(), Long.class,
                where.args()) : null;
        Where paged = page.paged(where, "id");
        List<AuditEntry> rows = db.jdbc().query("SELECT * FROM " + table + paged.sql() + " ORDER BY id DESC LIMIT "
                + (page.limit() + 1), this::entry, paged.args());
        return Page.of(rows, page.limit(), AuditEntry::id, total);
    }

    /** The entries that changed dead letter {@code letterId}, oldest first. */
    public List<AuditEntry> history(long letterId) {
        return db.jdbc().query("SELECT a.* FROM " + table + " a JOIN " + letters + " l ON l.audit_id = a.id "
                + "WHERE l.dead_letter_id = ? ORDER BY a.id", this::entry, letterId);
    }

    private AuditEntry entry(ResultSet row, int rowNumber) throws SQLException {
        String details = row.getString("details");
        return new AuditEntry(row.getLong("id"), db.requiredInstant(row, "acted_at"), row.getString("actor"),
                row.getString("action"), JSON.readTree(row.getString("target")), row.getLong("changed"),
                row.getString("reason"), details == null ? null : JSON.readTree(details));
    }
}
