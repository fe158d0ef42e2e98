package org.reliablemessaging.console.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.PageRequest;
import org.reliablemessaging.console.PayloadMode;
import org.reliablemessaging.console.PayloadView;
import org.reliablemessaging.console.Where;
import org.reliablemessaging.console.audit.AuditLog;
import org.reliablemessaging.console.deadletter.DeadLetterDetail.Cause;
import org.reliablemessaging.jdbc.FailureFingerprint;

/**
 * Reads dead letters for the operations API: pages of summaries, one letter in full, failure groups.
 */
public final class DeadLetterReads {

    private static final int SUMMARY_MESSAGE = 500;

    private static final String SUMMARY_COLUMNS = "id, group_name, topic, msg_key, message_id, type, error_class, "
            + "error_message, failure_group, attempts, first_failed_at, last_failed_at, status, resolved_at, edited_at";

    private final ConsoleDatabase db;

    private final AuditLog audit;

    private final Map<String, PayloadMode> payloadModes;

    private final PayloadMode defaultPayloadMode;

    private final String table;

    public DeadLetterReads(ConsoleDatabase db, AuditLog audit, Map<String, PayloadMode> payloadModes,
            PayloadMode defaultPayloadMode) {
        this.db = db;
        this.audit = audit;
        this.payloadModes = Map.copyOf(payloadModes);
        this.defaultPayloadMode = defaultPayloadMode;
        this.table = db.tables().deadLetter();
    }

    /** A page of letters matching {@code filter}, newest first. */
    public Page<DeadLetterSummary> list(DeadLetterFilter filter, PageRequest page) {
        Where where = filter.where(db);
        Long total = page.count()
                ? db.jdbc().queryForObject("SELECT COUNT(*) FROM " + table + where.sql(), Long.class, where.args())
                : null;
        Where paged = page.paged(where, "id");
        List<DeadLetterSummary> rows = db.jdbc().query("SELECT " + SUMMARY_COLUMNS + " FROM " + table + paged.sql()
                + " ORDER BY id DESC LIMIT " + (page.limit() + 1), this::summary, paged.args());
        return Page.of(rows, page.limit(), DeadLetterSummary::id, total);
    }

    /** The letter {@code id} in full. */
    public DeadLetterDetail detail(long id) {
        return db.jdbc().query("SELECT * FROM " + table + " WHERE id = ?", (row, n) -> detail(row), id).stream()
            .findFirst()
            .orElseThrow(() -> ConsoleException.notFound("No dead letter " + id));
    }

    /** The topic of letter {@code id}, to check whether its payload may be shown and edited. */
    public String topicOf(long id) {
        return db.jdbc().query("SELECT topic FROM " + table + " WHERE id = ?", (row, n) -> row.getString(1), id).stream()
            .findFirst()
            .orElseThrow(() -> ConsoleException.notFound("No dead letter " + id));
    }

    /** The mode payloads of {@code topic} are shown in. */
    public PayloadMode payloadMode(String topic) {
        return payloadModes.getOrDefault(topic, defaultPayloadMode);
    }

    /**
     * The failure groups of the letters matching {@code filter}, per consumer group and topic, most
     * letters first: at most {@code limit}, with whether there were more.
     */
    public FailureGroups failureGroups(DeadLetterFilter filter, int limit) {
        Where where = filter.where(db).and("failure_group IS NOT NULL");
        List<FailureGroup> rows = db.jdbc().query("SELECT failure_group, group_name, topic, MAX(error_class) AS "
                + "error_class, COUNT(*) AS letters, MIN(first_failed_at) AS first_seen, MAX(last_failed_at) AS "
                + "last_seen, MAX(id) AS sample_id FROM " + table + where.sql() + " GROUP BY failure_group, group_name, "
                + "topic ORDER BY letters DESC, failure_group, group_name, topic LIMIT " + (limit + 1),
                (row, n) -> new FailureGroup(row.getString("failure_group"), row.getString("group_name"),
                        row.getString("topic"), row.getString("error_class"), null, null, row.getLong("letters"),
                        db.requiredInstant(row, "first_seen"), db.requiredInstant(row, "last_seen"), row.getLong("sample_id")),
                where.args());
        List<FailureGroup> groups = rows.subList(0, Math.min(limit, rows.size()));
        Map<Long, FailureFingerprint> described = describe(groups);
        List<FailureGroup> items = new ArrayList<>();
        for (FailureGroup group : groups) {
            FailureFingerprint fingerprint = described.get(group.sampleId());
            items.add(new FailureGroup(group.failureGroup(), group.group(), group.topic(), group.errorClass(),
                    fingerprint == null ? null : fingerprint.location(),
                    fingerprint == null ? null : fingerprint.message(), group.count(), group.firstSeen(),
                    group.lastSeen(), group.sampleId()));
        }
        return new FailureGroups(items, rows.size() > limit);
    }

    /** Where and what each group's newest letter failed on, from its stored stack and message. */
    private Map<Long, FailureFingerprint> describe(List<FailureGroup> groups) {
        Map<Long, FailureFingerprint> described = new HashMap<>();
        if (groups.isEmpty()) {
            return described;
        }
        db.named().query("SELECT id, error_class, error_message, stack_excerpt FROM " + table + " WHERE id IN (:ids)",
                Map.of("ids", groups.stream().map(FailureGroup::sampleId).toList()),
                (ResultSet row) -> {
                    described.put(row.getLong("id"), ConsoleDatabase.fingerprint(row.getString("error_class"),
                            row.getString("error_message"), row.getString("stack_excerpt")));
                });
        return described;
    }

    /**
     * A page of failure groups.
     *
     * @param truncated whether there are more groups than were asked for
     */
    public record FailureGroups(List<FailureGroup> items, boolean truncated) {
    }

    private DeadLetterSummary summary(ResultSet row, int rowNumber) throws SQLException {
        String message = row.getString("error_message");
        return new DeadLetterSummary(row.getLong("id"), row.getString("group_name"), row.getString("topic"),
                row.getString("msg_key"), row.getString("message_id"), row.getString("type"),
                row.getString("error_class"),
                message == null || message.length() <= SUMMARY_MESSAGE ? message : message.substring(0, SUMMARY_MESSAGE),
                row.getString("failure_group"), row.getInt("attempts"), db.requiredInstant(row, "first_failed_at"),
                db.requiredInstant(row, "last_failed_at"), row.getString("status"), db.instant(row, "resolved_at"),
                db.instant(row, "edited_at") != null);
    }

    private DeadLetterDetail detail(ResultSet row) throws SQLException {
        long id = row.getLong("id");
        String topic = row.getString("topic");
        String stack = row.getString("stack_excerpt");
        return new DeadLetterDetail(id, row.getString("group_name"), topic, row.getString("msg_key"),
                row.getString("message_id"), row.getString("type"), row.getString("error_class"),
                row.getString("error_message"), row.getString("failure_group"), row.getInt("attempts"),
                db.requiredInstant(row, "first_failed_at"), db.requiredInstant(row, "last_failed_at"), row.getString("status"),
                db.instant(row, "resolved_at"), db.instant(row, "edited_at") != null,
                ConsoleDatabase.headers(row.getString("headers")),
                PayloadView.of(row.getBytes("payload"), topic, payloadModes, defaultPayloadMode), stack, causes(stack),
                audit.history(id).stream().map(DeadLetterDetail.History::of).toList());
    }

    /** The errors of a stack excerpt, outermost first: its first line and each "Caused by:". */
    static List<Cause> causes(@Nullable String stack) {
        List<Cause> causes = new ArrayList<>();
        if (stack == null) {
            return causes;
        }
        boolean first = true;
        for (String line : stack.split("\n")) {
            if (first || line.startsWith("Caused by: ")) {
                String error = first ? line : line.substring("Caused by: ".length());
                int colon = error.indexOf(": ");
                causes.add(colon < 0 ? new Cause(error, null)
                        : new Cause(error.substring(0, colon), error.substring(colon + 2)));
                first = false;
            }
        }
        return causes;
    }
}
