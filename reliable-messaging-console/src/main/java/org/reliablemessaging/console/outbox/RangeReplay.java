package org.reliablemessaging.console.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.ReliableHeaders;
import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Reasons;
import org.reliablemessaging.console.audit.AuditLog;
import org.reliablemessaging.jdbc.OutboxEntry;
import org.reliablemessaging.spi.transport.Subscription;
import org.springframework.http.HttpStatus;

/**
 * Publishes again the retained ({@code SENT}) messages of a topic published in a time range: to one
 * consumer group through its retry topic, or to every group through the topic itself. Each copy has
 * a new {@code rm-id} and the original's id in {@code rm-original-id}, which idempotency guards key
 * on: a group that processed the message skips the copy, a group restored from a backup that lost it
 * processes it again.
 */
public final class RangeReplay {

    public static final String ACTION = "OUTBOX_REPLAY_RANGE";

    private final ConsoleDatabase db;

    private final AuditLog audit;

    private final Duration retention;

    private final int batchSize;

    private final String outbox;

    public RangeReplay(ConsoleDatabase db, AuditLog audit, Duration retention, int batchSize) {
        this.db = db;
        this.audit = audit;
        this.retention = retention;
        this.batchSize = batchSize;
        this.outbox = db.tables().outbox();
    }

    /**
     * A replay of a range.
     *
     * @param group one consumer group, {@code null} for every group
     * @param acceptIncomplete whether to send although retention does not cover the range
     */
    public record Request(@Nullable String topic, @Nullable Instant from, @Nullable Instant to, @Nullable String group,
            @Nullable Boolean dryRun, @Nullable Boolean acceptIncomplete, @Nullable String reason) {
    }

    /** What a replay did, or would do. */
    public record Result(boolean dryRun, String topic, String targetTopic, Instant from, Instant to,
            @Nullable String group, long matching, String retention, @Nullable Instant oldestRetained,
            boolean covered, @Nullable String coverageProblem, long sent, @Nullable Long auditId) {
    }

    public Result replay(Request request, String actor) {
        if (request.topic() == null || request.topic().isBlank() || request.from() == null || request.to() == null) {
            throw ConsoleException.invalidRequest("\"topic\", \"from\" and \"to\" are required");
        }
        if (!request.from().isBefore(request.to())) {
            throw ConsoleException.invalidRange("from (" + request.from() + ") must be before to (" + request.to() + ")");
        }
        boolean dryRun = !Boolean.FALSE.equals(request.dryRun());
        String reason = dryRun ? Reasons.optional(request.reason()) : Reasons.required(request.reason(), "replay");
        String topic = request.topic();
        String target = request.group() == null ? topic : Subscription.retryTopic(topic, request.group());
        Long matching = db.jdbc().queryForObject("SELECT COUNT(*) FROM " + outbox + " WHERE topic = ? AND status = 'SENT' "
                + "AND created_at >= ? AND created_at < ?", Long.class, topic, db.value(request.from()),
                db.value(request.to()));
        Instant oldest = db.jdbc().query("SELECT MIN(created_at) AS oldest FROM " + outbox + " WHERE topic = ? AND "
                + "status = 'SENT'", rs -> rs.next() ? db.instant(rs, "oldest") : null, topic);
        String problem = coverageProblem(request.from());
        Result result = new Result(dryRun, topic, target, request.from(), request.to(), request.group(),
                matching == null ? 0 : matching, retention.toString(), oldest, problem == null, problem, 0, null);
        if (dryRun) {
            return result;
        }
        if (problem != null && !Boolean.TRUE.equals(request.acceptIncomplete())) {
            throw new ConsoleException(HttpStatus.CONFLICT, "range-not-retained", problem
                    + ". Nothing was sent; send \"acceptIncomplete\": true to replay what is retained.");
        }
        Map<String, Object> targetRecord = new LinkedHashMap<>();
        targetRecord.put("topic", topic);
        targetRecord.put("from", request.from().toString());
        targetRecord.put("to", request.to().toString());
        targetRecord.put("group", request.group());
        long auditId = audit.begin(actor, ACTION, targetRecord, reason,
                Map.of("targetTopic", target, "covered", problem == null));
        long sent = send(topic, target, request.from(), request.to(), auditId);
        audit.finish(auditId);
        return new Result(false, topic, target, request.from(), request.to(), request.group(), result.matching(),
                result.retention(), oldest, problem == null, problem, sent, auditId);
    }

    /** Why retention does not cover a range starting at {@code from}, {@code null} when it does. */
    private @Nullable String coverageProblem(Instant from) {
        if (retention.isZero()) {
            return "reliable-messaging.relay.retention is 0: sent messages are deleted when sent, so none is retained";
        }
        Instant keptSince = db.now().minus(retention);
        return from.isBefore(keptSince) ? "retention (" + retention + ") keeps messages published since " + keptSince
                + "; the range starts before that, so messages published before " + keptSince + " may be gone" : null;
    }

    private long send(String topic, String target, Instant from, Instant to, long auditId) {
        long sent = 0;
        long after = 0;
        while (true) {
            Instant now = db.now();
            List<Copy> rows = db.jdbc().query("SELECT id, message_id, msg_key, type, headers, payload FROM " + outbox
                    + " WHERE topic = ? AND status = 'SENT' AND created_at >= ? AND created_at < ? AND id > ? "
                    + "ORDER BY id LIMIT " + batchSize, (row, n) -> new Copy(row.getLong("id"),
                            copy(row.getString("message_id"), target, row.getString("msg_key"), row.getString("type"),
                                    row.getString("headers"), row.getBytes("payload"), now)),
                    topic, db.value(from), db.value(to), after);
            if (rows.isEmpty()) {
                return sent;
            }
            after = rows.get(rows.size() - 1).id();
            db.inTransaction(() -> {
                rows.forEach(copy -> db.publish(copy.entry()));
                audit.changed(auditId, rows.size());
                return null;
            });
            sent += rows.size();
        }
    }

    /** A copy of a sent message that keeps the id guards know it by: its own, or its original's if it was a copy. */
    private static OutboxEntry copy(String messageId, String target, @Nullable String key, String type,
            @Nullable String headersColumn, byte[] payload, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>(ConsoleDatabase.headers(headersColumn));
        headers.putIfAbsent(ReliableHeaders.ORIGINAL_ID, messageId.trim());
        return new OutboxEntry(UUID.randomUUID(), target, key, type, headers, payload, now, null, null);
    }

    /** A row read and its copy. */
    private record Copy(long id, OutboxEntry entry) {
    }
}
