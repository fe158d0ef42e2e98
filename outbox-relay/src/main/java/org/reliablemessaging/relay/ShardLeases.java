package org.reliablemessaging.relay;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.reliablemessaging.jdbc.OutboxDatabase;
import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The shards one relay instance owns, through leases in the database: instances register, renew
 * their leases, and share the shards evenly; a shard whose owner stopped renewing goes to another
 * instance after the lease time. Lease times are the database's clock, so instances' clocks may
 * differ; each instance also stops using its shards on its own clock once a renewal is overdue.
 *
 * <p>Thread-safe: renewal may run beside the relay loop; {@link #rebalance()} must not run while a
 * batch of a shard it may give away is in flight.
 */
final class ShardLeases {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transaction;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final String instanceId;

    private final int shards;

    private final long ttlMillis;

    private volatile Set<Integer> owned = Set.of();

    /** System.nanoTime() after which {@link #owned} may have been taken over: two thirds of a lease after renewal. */
    private volatile long validUntilNanos;

    ShardLeases(OutboxDatabase database, String instanceId, int shards, Duration ttl) {
        this.jdbc = database.jdbc();
        // Every lease change commits on its own, whatever auto-commit the pool has.
        this.transaction = database.newTransaction();
        this.dialect = database.dialect();
        this.tables = database.tables();
        this.instanceId = instanceId;
        this.shards = shards;
        this.ttlMillis = ttl.toMillis();
    }

    /** Creates the shard rows on first use and checks that every relay agrees on their number. */
    void register() {
        List<Integer> present = shardRows();
        if (present.isEmpty()) {
            createShardRows();
            present = shardRows();
        }
        if (present.size() != shards || present.stream().anyMatch(shard -> shard >= shards)) {
            throw new IllegalStateException("The table " + tables.relayLease() + " has " + present.size() + " shards but "
                    + "reliable-messaging.relay.shards=" + shards + ": every relay of one outbox must use the same "
                    + "number, or two relays could publish one key. To change it, stop all relays, delete the rows of "
                    + tables.relayLease() + " and start them again with the new number.");
        }
        renew();
    }

    /** All rows in one transaction, so a relay starting at the same time sees none or all of them. */
    private void createShardRows() {
        List<Integer> all = IntStream.range(0, shards).boxed().toList();
        try {
            transaction.executeWithoutResult(status -> jdbc.batchUpdate("INSERT INTO " + tables.relayLease()
                    + " (shard, owner, expires_at) VALUES (?, NULL, " + dialect.now() + ")", all, all.size(),
                    (ps, shard) -> ps.setInt(1, shard)));
        }
        catch (DuplicateKeyException ex) {
            log.debug("Another relay created the shard rows at the same time");
        }
    }

    private List<Integer> shardRows() {
        return jdbc.query("SELECT shard FROM " + tables.relayLease(), (row, rowNumber) -> row.getInt("shard"));
    }

    /** Extends this instance's membership and leases. */
    synchronized void renew() {
        long started = System.nanoTime();
        String expiry = dialect.nowPlusMillis();
        owned = transaction.execute(status -> {
            int updated = jdbc.update("UPDATE " + tables.relayInstance() + " SET expires_at = " + expiry
                    + " WHERE instance_id = ?", ttlMillis, instanceId);
            if (updated == 0) {
                jdbc.update("INSERT INTO " + tables.relayInstance() + " (instance_id, expires_at) VALUES (?, " + expiry
                        + ")", instanceId, ttlMillis);
            }
            jdbc.update("UPDATE " + tables.relayLease() + " SET expires_at = " + expiry + " WHERE owner = ? AND "
                    + "expires_at > " + dialect.now(), ttlMillis, instanceId);
            return readOwned();
        });
        validUntilNanos = started + Duration.ofMillis(ttlMillis * 2 / 3).toNanos();
    }

    /** Takes free shards up to this instance's fair share and gives back any beyond it. */
    synchronized void rebalance() {
        Set<Integer> before = owned;
        owned = transaction.execute(status -> {
            List<String> live = jdbc.query("SELECT instance_id FROM " + tables.relayInstance()
                    + " WHERE expires_at > " + dialect.now() + " ORDER BY instance_id",
                    (row, rowNumber) -> row.getString("instance_id"));
            int members = Math.max(1, live.size());
            int index = Math.max(0, live.indexOf(instanceId));
            int fairShare = shards / members + (index < shards % members ? 1 : 0);
            TreeSet<Integer> mine = new TreeSet<>(readOwned());
            while (mine.size() > fairShare) {
                jdbc.update("UPDATE " + tables.relayLease() + " SET owner = NULL, expires_at = " + dialect.now()
                        + " WHERE shard = ? AND owner = ?", mine.pollLast(), instanceId);
            }
            if (mine.size() < fairShare) {
                List<Integer> free = jdbc.query("SELECT shard FROM " + tables.relayLease() + " WHERE owner IS NULL "
                        + "OR expires_at <= " + dialect.now() + " ORDER BY shard",
                        (row, rowNumber) -> row.getInt("shard"));
                for (int shard : free) {
                    if (mine.size() >= fairShare) {
                        break;
                    }
                    if (acquire(shard)) {
                        mine.add(shard);
                    }
                }
            }
            return Set.copyOf(mine);
        });
        if (!before.equals(owned)) {
            log.info("Relay {} owns {} of {} shards: {}", instanceId, owned.size(), shards, owned);
        }
    }

    private boolean acquire(int shard) {
        return jdbc.update("UPDATE " + tables.relayLease() + " SET owner = ?, expires_at = " + dialect.nowPlusMillis()
                + " WHERE shard = ? AND (owner IS NULL OR expires_at <= " + dialect.now() + ")", instanceId, ttlMillis,
                shard) == 1;
    }

    /** Gives back every shard and leaves, so the other instances take over at once. */
    synchronized void release() {
        owned = Set.of();
        transaction.executeWithoutResult(status -> {
            jdbc.update("UPDATE " + tables.relayLease() + " SET owner = NULL, expires_at = " + dialect.now()
                    + " WHERE owner = ?", instanceId);
            jdbc.update("DELETE FROM " + tables.relayInstance() + " WHERE instance_id = ?", instanceId);
        });
    }

    /** Removes instances whose membership expired long ago, so the table does not grow with restarts. */
    void forgetDeparted(Duration after) {
        transaction.executeWithoutResult(status -> jdbc.update("DELETE FROM " + tables.relayInstance()
                + " WHERE expires_at < " + dialect.nowPlusMillis(), -after.toMillis()));
    }

    private Set<Integer> readOwned() {
        return Set.copyOf(jdbc.queryForList("SELECT shard FROM " + tables.relayLease() + " WHERE owner = ? AND expires_at > "
                + dialect.now(), Integer.class, instanceId));
    }

    /**
     * The shards this instance may relay now: those it owned at its last renewal or rebalance, or
     * none once that renewal is too old to trust (another instance may have taken them over).
     */
    Set<Integer> owned() {
        if (System.nanoTime() - validUntilNanos > 0) {
            return Set.of();
        }
        return owned;
    }

    /** The total number of shards. */
    int shards() {
        return shards;
    }

    /** This instance's id. */
    String instanceId() {
        return instanceId;
    }
}
