package org.reliablemessaging.console.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.reliablemessaging.console.ConsoleDatabase;
import org.reliablemessaging.console.ConsoleException;
import org.reliablemessaging.console.Page;
import org.reliablemessaging.console.PageRequest;
import org.reliablemessaging.console.Parameters;
import org.reliablemessaging.console.PayloadMode;
import org.reliablemessaging.console.PayloadView;
import org.reliablemessaging.console.Where;

/**
 * Reads the outbox for the operations API: per-topic state, relays and leases, {@code DEAD} rows.
 */
public final class OutboxReads {

    /** The filter names of {@code DEAD} rows. */
    public static final Set<String> DEAD_FILTER = Set.of("topic", "key", "text", "deadFrom", "deadTo");

    private static final int MAX_TEXT = 200;

    private final ConsoleDatabase db;

    private final Duration leaseTtl;

    private final Map<String, PayloadMode> payloadModes;

    private final PayloadMode defaultPayloadMode;

    public OutboxReads(ConsoleDatabase db, Duration leaseTtl, Map<String, PayloadMode> payloadModes,
            PayloadMode defaultPayloadMode) {
        this.db = db;
        this.leaseTtl = leaseTtl;
        this.payloadModes = Map.copyOf(payloadModes);
        this.defaultPayloadMode = defaultPayloadMode;
    }

    /**
     * Every topic with pending or dead rows. The age follows the relay's gauge: a delayed message
     * is due at its delivery time, any other (retries included) since it was published.
     */
    public List<TopicState> topics() {
        Instant now = db.now();
        return db.jdbc().query("SELECT topic, "
                + "SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END) AS pending_rows, "
                + "SUM(CASE WHEN status = 'PENDING' AND attempts = 0 AND available_at > ? THEN 1 ELSE 0 END) AS delayed_rows, "
                + "SUM(CASE WHEN status = 'PENDING' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying_rows, "
                + "SUM(CASE WHEN status = 'DEAD' THEN 1 ELSE 0 END) AS dead_rows, "
                + "MIN(CASE WHEN status = 'PENDING' THEN (CASE WHEN attempts = 0 AND available_at IS NOT NULL "
                + "THEN available_at ELSE created_at END) END) AS due_since "
                + "FROM " + db.tables().outbox() + " WHERE status IN ('PENDING', 'DEAD') GROUP BY topic ORDER BY topic",
                (row, n) -> {
                    Instant dueSince = db.instant(row, "due_since");
                    double age = dueSince == null || dueSince.isAfter(now) ? 0
                            : Duration.between(dueSince, now).toMillis() / 1000.0;
                    return new TopicState(row.getString("topic"), row.getLong("pending_rows"),
                            row.getLong("delayed_rows"), row.getLong("retrying_rows"), row.getLong("dead_rows"),
                            dueSince, age);
                }, db.value(now));
    }

    /** This application's clock, which per-topic ages are measured on. */
    public Instant now() {
        return db.now();
    }

    /** The relay instances and shard leases, on the database's clock. */
    public Relays relays() {
        Instant at = db.databaseNow();
        List<Relays.Shard> shards = db.jdbc().query("SELECT shard, owner, expires_at FROM " + db.tables().relayLease()
                + " ORDER BY shard", (row, n) -> {
                    Instant expiresAt = db.requiredInstant(row, "expires_at");
                    return new Relays.Shard(row.getInt("shard"), row.getString("owner"), expiresAt,
                            !expiresAt.isAfter(at));
                });
        List<Relays.Instance> instances = db.jdbc().query("SELECT instance_id, expires_at FROM "
                + db.tables().relayInstance() + " ORDER BY instance_id", (row, n) -> {
                    String id = row.getString("instance_id");
                    Instant expiresAt = db.requiredInstant(row, "expires_at");
                    List<Integer> owned = new ArrayList<>();
                    shards.stream().filter(s -> id.equals(s.owner()) && !s.expired()).forEach(s -> owned.add(s.shard()));
                    return new Relays.Instance(id, expiresAt, expiresAt.minus(leaseTtl), expiresAt.isAfter(at), owned);
                });
        return new Relays(at, leaseTtl.toString(), instances, shards);
    }

    /** A page of {@code DEAD} rows matching {@code filter}, newest first. */
    public Page<DeadRow> dead(Parameters filter, PageRequest page) {
        Where where = deadWhere(filter);
        Long total = page.count() ? db.jdbc().queryForObject("SELECT COUNT(*) FROM " + db.tables().outbox() + " o"
                + where.sql(), Long.class, where.args()) : null;
        Where paged = page.paged(where, "o.id");
        List<DeadRow> rows = db.jdbc().query(deadSelect(false) + paged.sql() + " ORDER BY o.id DESC LIMIT "
                + (page.limit() + 1), (row, n) -> deadRow(row, false), paged.args());
        return Page.of(rows, page.limit(), DeadRow::id, total);
    }

    /** The {@code DEAD} row {@code id} with its headers and payload. */
    public DeadRow dead(long id) {
        return db.jdbc().query(deadSelect(true) + " WHERE o.id = ? AND o.status = 'DEAD'", (row, n) -> deadRow(row, true),
                id).stream().findFirst().orElseThrow(() -> ConsoleException.notFound("No DEAD outbox row " + id));
    }

    /** The WHERE clause of a filter of {@code DEAD} rows, on the outbox as {@code o}. */
    Where deadWhere(Parameters filter) {
        Instant from = filter.instant("deadFrom");
        Instant to = filter.instant("deadTo");
        Parameters.checkRange("deadFrom", from, "deadTo", to);
        Where where = Where.all().and("o.status = 'DEAD'").equal("o.topic", filter.string("topic"))
            .equal("o.msg_key", filter.string("key")).contains("o.last_error", filter.string("text", MAX_TEXT));
        where = from == null ? where : where.and("o.dead_at >= ?", db.value(from));
        return to == null ? where : where.and("o.dead_at < ?", db.value(to));
    }

    private String deadSelect(boolean full) {
        return "SELECT o.id, o.message_id, o.topic, o.msg_key, o.seq, o.type, o.attempts, o.last_error, o.created_at, "
                + "o.dead_at, k.held_by" + (full ? ", o.headers, o.payload" : "") + " FROM " + db.tables().outbox()
                + " o LEFT JOIN " + db.tables().outboxKey() + " k ON k.topic = o.topic AND k.msg_key = o.msg_key";
    }

    private DeadRow deadRow(ResultSet row, boolean full) throws SQLException {
        long id = row.getLong("id");
        long heldBy = row.getLong("held_by");
        boolean holdsKey = !row.wasNull() && heldBy == id;
        String topic = row.getString("topic");
        return new DeadRow(id, row.getString("message_id").trim(), topic, row.getString("msg_key"), row.getLong("seq"),
                row.getString("type"), row.getInt("attempts"), row.getString("last_error"),
                db.requiredInstant(row, "created_at"), db.instant(row, "dead_at"), holdsKey,
                full ? ConsoleDatabase.headers(row.getString("headers")) : null,
                full ? PayloadView.of(row.getBytes("payload"), topic, payloadModes, defaultPayloadMode) : null);
    }
}
