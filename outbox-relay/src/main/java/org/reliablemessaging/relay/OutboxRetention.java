package org.reliablemessaging.relay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.relay.BatchSettlement.KeyHold;
import org.reliablemessaging.relay.ClaimedMessage.OrderingKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes sent and dead outbox rows past their retention, a bounded number at a time, each batch in a
 * transaction of its own.
 */
final class OutboxRetention {

    private final JdbcTemplate jdbc;

    private final JdbcClient client;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final KeyHolds holds;

    OutboxRetention(OutboxDatabase database, KeyHolds holds) {
        this.jdbc = database.jdbc();
        this.client = database.client();
        this.transaction = database.newTransaction();
        // No gap locks (MySQL): the relay's writes must not block publishers' inserts.
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.dialect = database.dialect();
        this.tables = database.tables();
        this.holds = holds;
    }

    /**
     * Deletes at most {@code limit} sent rows older than {@code cutoff}.
     * @return how many were deleted
     */
    int deleteSentBefore(Instant cutoff, int limit) {
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
    int deleteDeadBefore(Instant cutoff, int limit) {
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
            keyed.forEach(holds::passOn);
            return client.sql("DELETE FROM " + tables.outbox() + " WHERE id IN (:ids)").param("ids", ids).update();
        });
        return deleted == null ? 0 : deleted;
    }
}
