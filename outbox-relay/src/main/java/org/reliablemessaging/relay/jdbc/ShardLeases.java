package org.reliablemessaging.relay.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.reliablemessaging.jdbc.OutboxDialect;
import org.reliablemessaging.jdbc.OutboxTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shards one relay instance owns, through leases in the database: instances register, renew
 * their leases, and share the shards evenly; a shard whose owner stopped renewing goes to another
 * instance after the lease time. All times are the database's clock, so instances' clocks may differ.
 *
 * <p>Thread-safe: renewal may run beside the relay loop; {@link #rebalance()} must not run while a
 * batch of a shard it may give away is in flight.
 */
public final class ShardLeases {

    private static final Logger log = LoggerFactory.getLogger(ShardLeases.class);

    private final JdbcTemplate jdbc;

    private final OutboxDialect dialect;

    private final OutboxTables tables;

    private final String instanceId;

    private final int shards;

    private final long ttlMillis;

    private volatile Set<Integer> owned = Set.of();

    public ShardLeases(DataSource dataSource, OutboxDialect dialect, OutboxTables tables, String instanceId, int shards,
            Duration ttl) {
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("reliable-messaging.relay.shards must be between 1 and 1024, was " + shards);
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.dialect = dialect;
        this.tables = tables;
        this.instanceId = instanceId;
        this.shards = shards;
        this.ttlMillis = ttl.toMillis();
    }

    /** Creates the shard rows if missing and checks that every relay agrees on their number. */
    public void register() {
        Integer existing = jdbc.queryForObject("SELECT COUNT(*) FROM " + tables.relayLease() + " WHERE shard >= ?",
                Integer.class, shards);
        if (existing != null && existing > 0) {
            throw new IllegalStateException("The table " + tables.relayLease() + " has shards beyond "
                    + "reliable-messaging.relay.shards=" + shards + ": every relay of one outbox must use the same "
                    + "number. To change it, stop all relays, delete the rows of " + tables.relayLease()
                    + " and start them again with the new number.");
        }
        List<Integer> present = jdbc.queryForList("SELECT shard FROM " + tables.relayLease(), Integer.class);
        for (int shard = 0; shard < shards; shard++) {
            if (!present.contains(shard)) {
                try {
                    jdbc.update("INSERT INTO " + tables.relayLease() + " (shard, owner, expires_at) VALUES (?, NULL, "
                            + dialect.now() + ")", shard);
                }
                catch (DuplicateKeyException ex) {
                    log.debug("Shard {} was registered by another relay at the same time", shard);
                }
            }
        }
        renew();
    }

    /** Extends this instance's membership and leases. */
    public synchronized void renew() {
        String expiry = dialect.nowPlusMillis();
        int updated = jdbc.update("UPDATE " + tables.relayInstance() + " SET expires_at = " + expiry
                + " WHERE instance_id = ?", ttlMillis, instanceId);
        if (updated == 0) {
            jdbc.update("INSERT INTO " + tables.relayInstance() + " (instance_id, expires_at) VALUES (?, " + expiry + ")",
                    instanceId, ttlMillis);
        }
        jdbc.update("UPDATE " + tables.relayLease() + " SET expires_at = " + expiry + " WHERE owner = ? AND expires_at > "
                + dialect.now(), ttlMillis, instanceId);
        owned = readOwned();
    }

    /** Takes free shards up to this instance's fair share and gives back any beyond it. */
    public synchronized void rebalance() {
        List<String> live = jdbc.queryForList("SELECT instance_id FROM " + tables.relayInstance()
                + " WHERE expires_at > " + dialect.now() + " ORDER BY instance_id", String.class);
        int index = Math.max(0, live.indexOf(instanceId));
        int members = Math.max(1, live.size());
        int fairShare = shards / members + (index < shards % members ? 1 : 0);
        TreeSet<Integer> mine = new TreeSet<>(readOwned());
        while (mine.size() > fairShare) {
            int shard = mine.pollLast();
            jdbc.update("UPDATE " + tables.relayLease() + " SET owner = NULL, expires_at = " + dialect.now()
                    + " WHERE shard = ? AND owner = ?", shard, instanceId);
        }
        if (mine.size() < fairShare) {
            List<Integer> free = jdbc.queryForList("SELECT shard FROM " + tables.relayLease() + " WHERE owner IS NULL OR "
                    + "expires_at <= " + dialect.now() + " ORDER BY shard", Integer.class);
            for (int shard : free) {
                if (mine.size() >= fairShare) {
                    break;
                }
                if (acquire(shard)) {
                    mine.add(shard);
                }
            }
        }
        Set<Integer> before = owned;
        owned = Set.copyOf(mine);
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
    public synchronized void release() {
        jdbc.update("UPDATE " + tables.relayLease() + " SET owner = NULL, expires_at = " + dialect.now()
                + " WHERE owner = ?", instanceId);
        jdbc.update("DELETE FROM " + tables.relayInstance() + " WHERE instance_id = ?", instanceId);
        owned = Set.of();
    }

    /** Removes instances whose membership expired long ago, so the table does not grow with restarts. */
    public void forgetDeparted(Duration after) {
        jdbc.update("DELETE FROM " + tables.relayInstance() + " WHERE expires_at < " + dialect.nowPlusMillis(),
                -after.toMillis());
    }

    private Set<Integer> readOwned() {
        return Set.copyOf(jdbc.queryForList("SELECT shard FROM " + tables.relayLease() + " WHERE owner = ? AND expires_at > "
                + dialect.now(), Integer.class, instanceId));
    }

    /** The shards this instance owned at its last renewal or rebalance. */
    public Set<Integer> owned() {
        return owned;
    }

    /** The total number of shards. */
    public int shards() {
        return shards;
    }

    /** This instance's id. */
    public String instanceId() {
        return instanceId;
    }
}
