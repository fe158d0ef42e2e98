package org.reliablemessaging.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.spi.transport.SendOutcome;

/**
 * Delays, retries and shard leases follow the database's clock, not the relay's: each relay here runs with a
 * JVM clock a day off the database's, as after a clock step of the relay's host. One subclass per database.
 */
abstract class RelayClockContractTests extends RelayContractSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration A_DAY = Duration.ofDays(1);

    @Test
    void aRelayWhoseClockIsADayAheadSendsADelayedMessageOnlyOnceTheDatabaseTimeReachesIt() {
        relays.start(sender, Clock.offset(Clock.systemUTC(), A_DAY));
        Instant due = databaseNow().plusSeconds(3);
        db.inTransaction(() -> publisher.publish(Message.to("t").key("later").payload(1).deliverAt(due)));
        db.inTransaction(() -> publisher.publish("t", "now", 1));

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("now").size() == 1);
        Instant checked = databaseNow();
        assertThat(sender.payloadsOf("later")).as("sent before its time, by the database at " + checked).isEmpty();
        assertThat(checked).as("the check ran before the message was due").isBefore(due);
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("later").size() == 1);
        assertThat(databaseNow()).isAfterOrEqualTo(due);
    }

    @Test
    void aRelayWhoseClockIsADayBehindSendsADelayedMessageWhenTheDatabaseTimeReachesIt() {
        relays.start(sender, Clock.offset(Clock.systemUTC(), A_DAY.negated()));
        Instant due = databaseNow().plusMillis(500);
        db.inTransaction(() -> publisher.publish(Message.to("t").key("later").payload(1).deliverAt(due)));

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("later").size() == 1);
        assertThat(databaseNow()).isAfterOrEqualTo(due);
    }

    @Test
    void aRelayWhoseClockIsADayAheadRetriesAfterTheBackoffByTheDatabaseClock() {
        sender.failKey("k", message -> SendOutcome.retryable("broker unreachable"));
        relays.start(sender, Clock.offset(Clock.systemUTC(), A_DAY));
        db.inTransaction(() -> publisher.publish("t", "k", 1));
        await().atMost(PATIENCE).until(() -> attempts("k") >= 2);
        Instant retryAt = db.jdbc.queryForObject("SELECT available_at FROM " + db.tables.outbox(),
                (rs, row) -> db.dialect.getRequiredInstant(rs, "available_at"));
        assertThat(retryAt).as("the next retry, by the database's clock").isBefore(databaseNow().plusSeconds(60));

        sender.healKey("k");
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").size() == 1);
    }

    @Test
    void aRelayWhoseClockIsADayAheadTakesALeaseOnlyOnceItExpiredByTheDatabaseClock() throws InterruptedException {
        ShardLeases crashed = new ShardLeases(db.database, "crashed", RelayFixture.SHARDS, Duration.ofSeconds(3));
        crashed.register();
        crashed.rebalance();
        assertThat(crashed.owned()).hasSize(RelayFixture.SHARDS);
        // it renews no more, as a relay that crashed; its leases run out 3 s later by the database's clock
        relays.start(sender, Clock.offset(Clock.systemUTC(), A_DAY));
        db.inTransaction(() -> publisher.publish("t", "k", 1));

        Thread.sleep(1000);
        boolean sentEarly = !sender.confirmed().isEmpty();
        int stillLeased = leasesOf("crashed");
        assertThat(stillLeased).as("the crashed relay's leases were still valid when checked").isEqualTo(RelayFixture.SHARDS);
        assertThat(sentEarly).as("sent by a relay that took a lease before it expired").isFalse();
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").size() == 1);
    }

    private Instant databaseNow() {
        return db.jdbc.queryForObject("SELECT " + DatabaseClock.currentInstant(db.dialect) + " AS db_now",
                (rs, row) -> db.dialect.getRequiredInstant(rs, "db_now"));
    }

    private int attempts(String key) {
        return db.jdbc.queryForObject("SELECT attempts FROM " + db.tables.outbox() + " WHERE msg_key = ?",
                Integer.class, key);
    }

    private int leasesOf(String owner) {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.relayLease() + " WHERE owner = ? AND "
                + "expires_at > " + db.dialect.now(), Integer.class, owner);
    }
}
