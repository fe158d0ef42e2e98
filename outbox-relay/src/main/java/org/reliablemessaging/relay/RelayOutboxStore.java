package org.reliablemessaging.relay;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.HeadersJson;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's batch path through the outbox: claiming the pending rows of its shards, and ending a
 * batch with a constant number of statements, whatever its size.
 */
final class RelayOutboxStore {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final JdbcTemplate jdbc;

    private final JdbcClient client;

    /** The end of a batch commits on its own, whatever the pool's auto-commit. */
    private final TransactionTemplate transaction;

    /** The database's default isolation: a claim only reads, and setting one would cost a round trip. */
    private final TransactionTemplate claimTransaction;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final KeyHolds holds;

    private final boolean deleteSent;

    private final String claim;

    /**
     * @param holds the key holds, in the batch's transaction
     * @param deleteSent whether sent rows are deleted at once rather than kept for their retention
     */
    RelayOutboxStore(OutboxDatabase database, KeyHolds holds, boolean deleteSent) {
        this.jdbc = database.jdbc();
        this.client = database.client();
        this.transaction = database.newTransaction();
        this.claimTransaction = database.newTransaction();
        // No gap locks (MySQL): the relay's writes must not block publishers' inserts.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = database.dialect();
        this.tables = database.tables();
        this.holds = holds;
        this.deleteSent = deleteSent;
        // A row is claimable unless its key is held by an earlier row (a retry or a dead message).
        this.claim = "SELECT o.id, o.message_id, o.topic, o.msg_key, o.seq, o.type, o.headers, o.payload, "
                + "o.created_at, o.expires_at, o.attempts, k.held_by FROM " + tables.outbox() + " o LEFT JOIN "
                + tables.outboxKey() + " k ON k.topic = o.topic AND k.msg_key = o.msg_key "
                + "WHERE o.status = 'PENDING' AND (o.available_at IS NULL OR o.available_at <= :now) "
                + "AND (k.held_by IS NULL OR o.id <= k.held_by) %s ORDER BY o.id LIMIT :limit";
    }

    /**
     * Claims up to {@code limit} deliverable rows of the given shards, in id order. No row locks are
     * taken: shard leases keep other relays away from these rows.
     * @param inFlight rows of a batch still at the broker, left out
     */
    List<ClaimedMessage> claim(Set<Integer> shards, int totalShards, Instant now, int limit, Collection<Long> inFlight) {
        if (shards.isEmpty()) {
            return List.of();
        }
        ClaimQuery query = claimQuery(shards, totalShards, now, limit, inFlight);
        String beforeClaim = beforeClaim(dialect);
        if (beforeClaim == null) {
            return client.sql(query.sql()).params(query.parameters()).query((rs, rowNum) -> claimed(rs)).list();
        }
        return claimTransaction.execute(status -> {
            jdbc.execute(beforeClaim);
            return client.sql(query.sql()).params(query.parameters()).query((rs, rowNum) -> claimed(rs)).list();
        });
    }

    /**
     * A statement run in the transaction of a claim, before reading the pending rows in id order;
     * {@code null} when the claim needs none and runs without a transaction.
     *
     * <p>On PostgreSQL, statistics taken while the outbox was nearly empty, or none on a new table, make
     * the planner expect a handful of pending rows when a backlog builds up; it then sorts every pending
     * row for each batch (190 ms for 100,000) instead of walking the pending index and stopping at the
     * limit (2 ms).
     *
     * <p>A claim made while a batch is at the broker leaves its ids out ({@code NOT IN}, up to a batch's
     * worth). In the generic plan PostgreSQL switches to after five executions of the prepared claim those
     * ids are parameters, compared one by one with every row scanned (9 ms for 500 in flight); planned for
     * each execution they are constants it looks up in a hash (2 ms, plus 1 ms of planning).
     */
    static @Nullable String beforeClaim(OutboxDialect dialect) {
        return dialect == OutboxDialect.POSTGRESQL
                ? "SET LOCAL enable_sort = off; SET LOCAL plan_cache_mode = force_custom_plan" : null;
    }

    /** The claim's statement and its named parameters; visible for checking its plan. */
    ClaimQuery claimQuery(Set<Integer> shards, int totalShards, Instant now, int limit, Collection<Long> inFlight) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("now", dialect.columnValue(now));
        parameters.put("limit", limit);
        String shardFilter = "";
        if (shards.size() < totalShards) {
            shardFilter = "AND MOD(o.key_hash, :totalShards) IN (:shards)";
            parameters.put("totalShards", totalShards);
            parameters.put("shards", shards);
        }
        String inFlightFilter = "";
        if (!inFlight.isEmpty()) {
            // Not "id > the batch's last id": a row below it may have committed since, and must go first.
            inFlightFilter = " AND o.id NOT IN (:inFlight)";
            parameters.put("inFlight", inFlight);
        }
        return new ClaimQuery(claim.formatted(shardFilter + inFlightFilter), parameters);
    }

    private ClaimedMessage claimed(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        long heldBy = rs.getLong("held_by");
        boolean holdsKey = !rs.wasNull() && heldBy == id;
        OutboundMessage message = new OutboundMessage(UUID.fromString(rs.getString("message_id")),
                rs.getString("topic"), rs.getString("msg_key"), rs.getLong("seq"), rs.getString("type"),
                HeadersJson.read(rs.getString("headers")), rs.getBytes("payload"),
                dialect.getRequiredInstant(rs, "created_at"), dialect.getInstant(rs, "expires_at"));
        return new ClaimedMessage(id, message, rs.getInt("attempts"), holdsKey);
    }

    /** Applies the end of a batch in one transaction. */
    void apply(BatchSettlement settlement, Instant now) {
        if (settlement.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            // Key rows first, as publishers lock them (key row, then the outbox insert): the opposite
            // order deadlocks on MySQL, where a new row's unique-index check waits on rows deleted here.
            settlement.releases().forEach(holds::passOn);
            holds.hold(settlement.holds());
            markSent(settlement.sent(), now);
            jdbc.batchUpdate("UPDATE " + tables.outbox() + " SET attempts = ?, available_at = ?, last_error = ? "
                    + "WHERE id = ? AND status = 'PENDING'", settlement.retries(), 100, (ps, retry) -> {
                        ps.setInt(1, retry.attempts());
                        dialect.setInstant(ps, 2, retry.availableAt());
                        ps.setString(3, truncate(retry.error()));
                        ps.setLong(4, retry.outboxId());
                    });
            jdbc.batchUpdate("UPDATE " + tables.outbox() + " SET status = 'DEAD', attempts = ?, last_error = ?, "
                    + "dead_at = ? WHERE id = ? AND status = 'PENDING'", settlement.dead(), 100, (ps, dead) -> {
                        ps.setInt(1, dead.attempts());
                        ps.setString(2, truncate(dead.reason()));
                        dialect.setInstant(ps, 3, now);
                        ps.setLong(4, dead.outboxId());
                    });
        });
    }

    private void markSent(List<Long> ids, Instant now) {
        for (List<Long> chunk : chunks(ids, 1000)) {
            if (deleteSent) {
                client.sql("DELETE FROM " + tables.outbox() + " WHERE id IN (:ids)").param("ids", chunk).update();
            }
            else {
                client.sql("UPDATE " + tables.outbox() + " SET status = 'SENT', sent_at = :now WHERE id IN (:ids)")
                    .param("ids", chunk)
                    .param("now", dialect.columnValue(now))
                    .update();
            }
        }
    }

    private static @Nullable String truncate(@Nullable String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            chunks.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return chunks;
    }

    /** A claim's statement with its named parameters. */
    record ClaimQuery(String sql, Map<String, Object> parameters) {
    }
}
