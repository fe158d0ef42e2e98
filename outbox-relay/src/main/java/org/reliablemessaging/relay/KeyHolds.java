package org.reliablemessaging.relay;

import java.util.List;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxTables;
import org.reliablemessaging.relay.BatchSettlement.KeyHold;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows that hold their keys back ({@code outbox_key.held_by}): a key is held by its earliest
 * blocking row (retrying, or dead when dead rows hold), and when that row is sent or deleted, the hold
 * passes to the next blocking row of the key, if any. Runs in the caller's transaction.
 */
final class KeyHolds {

    private final JdbcTemplate jdbc;

    private final String nextBlockingRow;

    private final String passHold;

    private final String setHold;

    /** @param holdKeyAfterDead whether a dead row keeps blocking the later rows of its key */
    KeyHolds(OutboxDatabase database, boolean holdKeyAfterDead) {
        OutboxTables tables = database.tables();
        this.jdbc = database.jdbc();
        String blocking = holdKeyAfterDead ? "((status = 'PENDING' AND attempts > 0) OR status = 'DEAD')"
                : "status = 'PENDING' AND attempts > 0";
        // A plain SELECT first: inside an UPDATE, InnoDB would lock the scanned range against inserts.
        this.nextBlockingRow = "SELECT MIN(id) FROM " + tables.outbox() + " WHERE topic = ? AND msg_key = ? AND id > ? AND "
                + blocking;
        this.passHold = "UPDATE " + tables.outboxKey() + " SET held_by = ? WHERE topic = ? AND msg_key = ? AND held_by = ?";
        // Only ever moves a hold to an earlier row, and only to a row still pending or dead: another
        // relay may have sent it since this one claimed it.
        this.setHold = "UPDATE " + tables.outboxKey() + " SET held_by = ? WHERE topic = ? AND msg_key = ? "
                + "AND (held_by IS NULL OR held_by > ?) AND EXISTS (SELECT 1 FROM " + tables.outbox()
                + " WHERE id = ? AND status IN ('PENDING', 'DEAD'))";
    }

    /** Holds each key behind its row, unless an earlier row holds it already. */
    void hold(List<KeyHold> holds) {
        jdbc.batchUpdate(setHold, holds, 100, (ps, hold) -> {
            ps.setLong(1, hold.outboxId());
            ps.setString(2, hold.key().topic());
            ps.setString(3, hold.key().key());
            ps.setLong(4, hold.outboxId());
            ps.setLong(5, hold.outboxId());
        });
    }

    /** Passes the hold of a row that no longer blocks its key to the key's next blocking row; rare: only after a failure. */
    void passOn(KeyHold release) {
        Long next = jdbc.queryForObject(nextBlockingRow, Long.class, release.key().topic(), release.key().key(),
                release.outboxId());
        jdbc.update(passHold, next, release.key().topic(), release.key().key(), release.outboxId());
    }
}
