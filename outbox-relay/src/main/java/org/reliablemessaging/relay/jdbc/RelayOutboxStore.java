package org.reliablemessaging.relay.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.jdbc.HeadersColumn;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.relay.BatchResolution;
import org.reliablemessaging.relay.BatchResolution.KeyHold;
import org.reliablemessaging.relay.ClaimedMessage;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay's reads and writes of the outbox: claiming the pending rows of its shards and ending a
 * batch with a constant number of statements, whatever its size.
 */
public final class RelayOutboxStore {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final JdbcTemplate jdbc;

    private final NamedParameterJdbcTemplate named;

    private final TransactionTemplate transaction;

    /** The database's default isolation: a claim only reads, and setting one would cost a round trip. */
    private final TransactionTemplate claimTransaction;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final boolean deleteSent;

    private final String nextBlockingRow;

    private final String passHold;

    private final String setHold;

    private final String claim;

    /**
     * @param retention how long sent rows are kept; zero deletes them when sent
     * @param holdKeyAfterDead whether a dead row keeps blocking the later rows of its key
     */
    public RelayOutboxStore(DataSource dataSource, OutboxDialect dialect, OutboxTables tables, Duration retention,
            boolean holdKeyAfterDead) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        this.transaction = new TransactionTemplate(transactions);
        this.claimTransaction = new TransactionTemplate(transactions);
        // No gap locks (MySQL): the relay's writes must not block publishers' inserts.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = dialect;
        this.tables = tables;
        this.deleteSent = retention.isZero();
        String blocking = holdKeyAfterDead ? "((status = 'PENDING' AND attempts > 0) OR status = 'DEAD')"
                : "status = 'PENDING' AND attempts > 0";
        // A key is held by its earliest blocking row (retrying, or dead when dead rows hold); when
        // that row is sent, the hold passes to the next blocking row of the key, if any. A plain
        // SELECT first: inside an UPDATE, InnoDB would lock the scanned range against inserts.
        this.nextBlockingRow = "SELECT MIN(id) FROM " + tables.outbox() + " WHERE topic = ? AND msg_key = ? AND id > ? AND "
                + blocking;
        this.passHold = "UPDATE " + tables.outboxKey() + " SET held_by = ? WHERE topic = ? AND msg_key = ? AND held_by = ?";
        // Only ever moves a hold to an earlier row, and only to a row still pending or dead: another
        // relay may have sent it since this one claimed it.
        this.setHold = "UPDATE " + tables.outboxKey() + " SET held_by = ? WHERE topic = ? AND msg_key = ? "
                + "AND (held_by IS NULL OR held_by > ?) AND EXISTS (SELECT 1 FROM " + tables.outbox()
                + " WHERE id = ? AND status IN ('PENDING', 'DEAD'))";
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
    public List<ClaimedMessage> claim(Set<Integer> shards, int totalShards, Instant now, int limit,
            Collection<Long> inFlight) {
        if (shards.isEmpty()) {
            return List.of();
        }
        ClaimQuery query = claimQuery(shards, totalShards, now, limit, inFlight);
        String beforeClaim = dialect.beforeClaim();
        if (beforeClaim == null) {
            return named.query(query.sql(), query.parameters(), (rs, rowNum) -> claimed(rs));
        }
        return claimTransaction.execute(status -> {
            jdbc.execute(beforeClaim);
            return named.query(query.sql(), query.parameters(), (rs, rowNum) -> claimed(rs));
        });
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
                HeadersColumn.read(rs.getString("headers")), rs.getBytes("payload"),
                dialect.getRequiredInstant(rs, "created_at"), dialect.getInstant(rs, "expires_at"));
        return new ClaimedMessage(id, message, rs.getInt("attempts"), holdsKey);
    }

    /** Applies the end of a batch in one transaction. */
    public void apply(BatchResolution resolution, Instant now) {
        if (resolution.isEmpty()) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            // Key rows first, as publishers lock them (key row, then the outbox insert): the opposite
            // order deadlocks on MySQL, where a new row's unique-index check waits on rows deleted here.
            resolution.releases().forEach(this::passHoldOn);
            jdbc.batchUpdate(setHold, resolution.holds(), 100, (ps, hold) -> {
                ps.setLong(1, hold.outboxId());
                bindKeyAndId(ps, 2, hold);
                ps.setLong(5, hold.outboxId());
            });
            markSent(resolution.sent(), now);
            jdbc.batchUpdate("UPDATE " + tables.outbox() + " SET attempts = ?, available_at = ?, last_error = ? "
                    + "WHERE id = ? AND status = 'PENDING'", resolution.retries(), 100, (ps, retry) -> {
                        ps.setInt(1, retry.attempts());
                        dialect.setInstant(ps, 2, retry.availableAt());
                        ps.setString(3, truncate(retry.error()));
                        ps.setLong(4, retry.outboxId());
                    });
            jdbc.batchUpdate("UPDATE " + tables.outbox() + " SET status = 'DEAD', attempts = ?, last_error = ?, "
                    + "dead_at = ? WHERE id = ? AND status = 'PENDING'", resolution.dead(), 100, (ps, dead) -> {
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
                named.update("DELETE FROM " + tables.outbox() + " WHERE id IN (:ids)", Map.of("ids", chunk));
            }
            else {
                named.update("UPDATE " + tables.outbox() + " SET status = 'SENT', sent_at = :now WHERE id IN (:ids)",
                        Map.of("ids", chunk, "now", dialect.columnValue(now)));
            }
        }
    }

    /**
     * Deletes at most {@code limit} sent rows older than {@code cutoff}.
     * @return how many were deleted
     */
    public int deleteSentBefore(Instant cutoff, int limit) {
        Integer deleted = transaction.execute(status -> jdbc
            .update(dialect.deleteLimited(tables.outbox(), "status = 'SENT' AND sent_at < ?"), ps -> {
                dialect.setInstant(ps, 1, cutoff);
                ps.setInt(2, limit);
            }));
        return deleted == null ? 0 : deleted;
    }

    /**
     * Deletes at most {@code limit} rows that died before {@code cutoff}. A key a deleted row held
     * back is passed on to the key's next failed row, if any, as when a holding row is sent: a row
     * waiting for its retry behind it must not be overtaken by the later rows of its key.
     * @return how many were deleted
     */
    public int deleteDeadBefore(Instant cutoff, int limit) {
        Integer deleted = transaction.execute(status -> {
            List<Long> ids = new ArrayList<>();
            List<KeyHold> keyed = new ArrayList<>();
            jdbc.query("SELECT id, topic, msg_key FROM " + tables.outbox() + " WHERE status = 'DEAD' AND dead_at < ? "
                    + "ORDER BY id LIMIT ?", rs -> {
                        ids.add(rs.getLong("id"));
                        String key = rs.getString("msg_key");
                        if (key != null) {
                            keyed.add(new KeyHold(new OrderingKey(rs.getString("topic"), key), rs.getLong("id")));
                        }
                    }, dialect.columnValue(cutoff), limit);
            if (ids.isEmpty()) {
                return 0;
            }
            // Key rows first, in id order, so a hold passed to a row deleted in this batch passes on again.
            keyed.forEach(this::passHoldOn);
            return named.update("DELETE FROM " + tables.outbox() + " WHERE id IN (:ids)", Map.of("ids", ids));
        });
        return deleted == null ? 0 : deleted;
    }

    /**
     * Counts pending rows and finds since when the most overdue one has been due: a delayed message
     * is due at its delivery time, every other one (retries included) since it was published.
     */
    public PendingStats pendingStats() {
        return jdbc.queryForObject("SELECT COUNT(*) AS pending, MIN(CASE WHEN attempts = 0 AND available_at IS NOT NULL "
                + "THEN available_at ELSE created_at END) AS due_since FROM " + tables.outbox()
                + " WHERE status = 'PENDING'", (rs, rowNum) -> new PendingStats(rs.getLong("pending"),
                        dialect.getInstant(rs, "due_since")));
    }

    /** Rare: only after a failure of the key. */
    private void passHoldOn(KeyHold release) {
        Long next = jdbc.queryForObject(nextBlockingRow, Long.class, release.key().topic(), release.key().key(),
                release.outboxId());
        jdbc.update(passHold, next, release.key().topic(), release.key().key(), release.outboxId());
    }

    private static void bindKeyAndId(PreparedStatement ps, int first, KeyHold hold) throws SQLException {
        ps.setString(first, hold.key().topic());
        ps.setString(first + 1, hold.key().key());
        ps.setLong(first + 2, hold.outboxId());
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

    /**
     * How much is waiting in the outbox.
     *
     * @param count pending rows
     * @param dueSince since when the most overdue pending row has been due (may be in the future
     *        when every pending row is delayed), {@code null} when none
     */
    public record PendingStats(long count, @Nullable Instant dueSince) {
    }

    /** A claim's statement with its named parameters. */
    record ClaimQuery(String sql, Map<String, Object> parameters) {
    }
}
