package org.reliablemessaging.idempotency.jdbc;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Redis guard's accepted epoch in a row of the guard-epoch table, named after the epoch's
 * Redis key, so that guards with other key prefixes keep theirs apart.
 */
public final class JdbcEpochStore implements EpochStore {

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final String name;

    private final Clock clock;

    private final String select;

    private final String update;

    private final String insert;

    public JdbcEpochStore(OutboxDatabase database, String name, Clock clock) {
        this.jdbc = database.jdbc();
        this.transaction = database.newTransaction();
        this.dialect = database.dialect();
        this.name = name;
        this.clock = clock;
        String table = database.tables().guardEpoch();
        this.select = "SELECT epoch FROM " + table + " WHERE name = ?";
        this.update = "UPDATE " + table + " SET epoch = ?, recorded_at = ? WHERE name = ?";
        this.insert = "INSERT INTO " + table + " (epoch, recorded_at, name) VALUES (?, ?, ?)";
    }

    @Override
    public @Nullable String load() {
        List<@Nullable String> epochs = jdbc.queryForList(select, String.class, name);
        return epochs.isEmpty() ? null : epochs.get(0);
    }

    @Override
    public void save(String epoch) {
        if (write(update, epoch) > 0) {
            return;
        }
        try {
            write(insert, epoch);
        }
        catch (DuplicateKeyException ex) {
            // Another instance inserted it meanwhile (its first start too); a statement of its own, since on
            // PostgreSQL the failed insert spoilt its transaction.
            write(update, epoch);
        }
    }

    /** Runs {@code sql} in a transaction of its own, so that it commits under pools without auto-commit too. */
    private int write(String sql, String epoch) {
        Integer rows = transaction.execute(status -> jdbc.update(sql, ps -> {
            ps.setString(1, epoch);
            dialect.setInstant(ps, 2, clock.instant());
            ps.setString(3, name);
        }));
        return rows == null ? 0 : rows;
    }
}
