package org.reliablemessaging.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.Message;
import org.reliablemessaging.ReliablePublisher;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.transport.OutboundMessage;
import org.reliablemessaging.spi.transport.SendOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the relay must do on every supported database; the transport is scripted so failures can
 * be placed exactly. One subclass per database.
 */
abstract class RelayContractTests extends RelayContractSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void deliversCommittedMessagesInKeyOrderAndDeletesThem() {
        relays.start(sender);
        publishNumbered(10, 20);

        await().atMost(PATIENCE).until(() -> sender.confirmed().size() == 200);
        for (int k = 0; k < 10; k++) {
            assertThat(sender.payloadsOf("key-" + k)).isSortedAccordingTo(RelayContractTests::byNumber).hasSize(20);
        }
        await().atMost(PATIENCE).until(() -> db.outboxRows().isEmpty());
    }

    @Test
    void keepsSentRowsDuringRetention() {
        relays.start(sender, 5, true, Duration.ofHours(1));
        publishNumbered(1, 3);

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("SENT", "SENT", "SENT")));
        assertThat(db.outboxRows()).allSatisfy(row -> assertThat(row.get("sent_at")).isNotNull());
    }

    @Test
    void deletesSentRowsOnceTheirRetentionIsOver() {
        relays.start(sender, 5, true, Duration.ofMillis(300));
        publishNumbered(2, 5);

        await().atMost(PATIENCE).until(() -> sender.confirmed().size() == 10);
        await().atMost(PATIENCE).until(() -> db.outboxRows().isEmpty());
    }

    @Test
    void aFailingKeyWaitsWhileOtherKeysFlowThenCatchesUpInOrder() {
        sender.failKey("bad", m -> SendOutcome.retryable("leader election"));
        relays.start(sender);
        for (int i = 1; i <= 3; i++) {
            publish("bad", i);
            publish("good", i);
        }

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("good").size() == 3);
        await().atMost(PATIENCE).until(() -> attemptsOfFirst("bad") >= 2);
        assertThat(sender.payloadsOf("bad")).isEmpty();

        sender.healKey("bad");
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("bad").size() == 3);
        assertThat(sender.payloadsOf("bad")).containsExactly("1", "2", "3");
    }

    @Test
    void aPermanentFailureIsDeadAtOnceAndHoldsItsKey() throws InterruptedException {
        sender.failKey("poison", m -> SendOutcome.permanent("RecordTooLargeException: too large"));
        relays.start(sender);
        publish("poison", 1);
        publish("poison", 2);
        publish("other", 1);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("other").size() == 1);
        await().atMost(PATIENCE).until(() -> statuses().contains("DEAD"));
        Map<String, Object> dead = db.outboxRows().get(0);
        assertThat(dead.get("status")).isEqualTo("DEAD");
        assertThat(dead.get("last_error")).isEqualTo("RecordTooLargeException: too large");
        assertThat(((Number) dead.get("attempts")).intValue()).isEqualTo(1);

        sender.healKey("poison");
        Thread.sleep(500);
        assertThat(sender.payloadsOf("poison")).as("later messages of a dead key wait").isEmpty();
    }

    @Test
    void withoutHoldingAfterDeadLaterMessagesOfTheKeyGoOn() {
        sender.failKey("poison", m -> new String(m.payload()).equals("1") ? SendOutcome.permanent("unroutable")
                : SendOutcome.confirmed());
        relays.start(sender, 5, false, Duration.ZERO);
        publish("poison", 1);
        publish("poison", 2);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("poison").equals(List.of("2")));
        assertThat(statuses()).containsExactly("DEAD");
    }

    @Test
    void exhaustedAttemptsAreDeadWithTheLastError() {
        sender.failKey("flaky", m -> SendOutcome.retryable("TimeoutException: no ack"));
        relays.start(sender, 3, true, Duration.ZERO);
        publish("flaky", 1);

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("DEAD")));
        assertThat(db.outboxRows().get(0).get("last_error")).isEqualTo("gave up after 3 attempts: TimeoutException: no ack");
    }

    @Test
    void aBrokerOutageDelaysButLosesNothing() throws InterruptedException {
        sender.setDown(true);
        relays.start(sender, 100, true, Duration.ZERO);
        publishNumbered(5, 10);

        Thread.sleep(600);
        assertThat(sender.confirmed()).isEmpty();
        assertThat(statuses()).hasSize(50).containsOnly("PENDING");

        sender.setDown(false);
        await().atMost(PATIENCE).until(() -> sender.confirmed().size() == 50);
        for (int k = 0; k < 5; k++) {
            assertThat(sender.payloadsOf("key-" + k)).isSortedAccordingTo(RelayContractTests::byNumber);
        }
    }

    @Test
    void aDelayedMessageWaitsForItsTime() {
        relays.start(sender);
        Instant due = Instant.now().plusMillis(1500);
        db.inTransaction(() -> publisher.publish(Message.to("t").key("later").payload(1).deliverAt(due)));
        publish("now", 1);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("now").size() == 1);
        assertThat(sender.payloadsOf("later")).isEmpty();
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("later").size() == 1);
        assertThat(Instant.now()).isAfterOrEqualTo(due);
    }

    @Test
    void anExpiredMessageIsDeadWithReasonExpired() throws InterruptedException {
        db.inTransaction(() -> publisher.publish(Message.to("t").key("k").payload(1)
            .expiresAt(Instant.now().plusMillis(100))));
        Thread.sleep(200);
        relays.start(sender);

        await().atMost(PATIENCE).until(() -> statuses().equals(List.of("DEAD")));
        assertThat((String) db.outboxRows().get(0).get("last_error")).startsWith("expired");
        assertThat(sender.confirmed()).isEmpty();
    }

    @Test
    void threeRelaysShareTheWorkAndOneStoppingMidwayLosesNothing() throws Exception {
        relays.start(sender);
        OutboxRelay second = relays.start(sender);
        relays.start(sender);
        try (ExecutorService producer = Executors.newSingleThreadExecutor()) {
            Future<?> publishing = producer.submit(() -> publishNumbered(30, 20));
            await().atMost(PATIENCE).until(() -> sender.confirmed().size() > 100);
            second.stop();
            publishing.get();
        }

        await().atMost(PATIENCE).until(() -> distinctIds() == 600);
        for (int k = 0; k < 30; k++) {
            List<String> firstDeliveries = new ArrayList<>(new LinkedHashSet<>(sender.payloadsOf("key-" + k)));
            assertThat(firstDeliveries).hasSize(20).isSortedAccordingTo(RelayContractTests::byNumber);
        }
    }

    /**
     * A relay busy with a backlog of its own shards takes over those of a relay that died (stopped
     * renewing) long before it is through the backlog, not only once it is idle.
     */
    @Test
    void aBusyRelayTakesOverTheShardsOfADeadOne() {
        relays.start(sender);
        ShardLeases dead = new ShardLeases(db.database, "dead", RelayFixture.SHARDS,
                RelayFixture.LEASE_TTL);
        Set<Integer> deadShards;
        try (ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor()) {
            dead.register();
            heartbeat.scheduleWithFixedDelay(() -> {
                dead.renew();
                dead.rebalance();
            }, 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(PATIENCE).until(() -> dead.owned().size() == RelayFixture.SHARDS / 2);
            deadShards = dead.owned();
            sender.delayEveryBatch(Duration.ofSeconds(1));
            publishNumbered(30, 30);
            await().atMost(PATIENCE).until(() -> !sender.confirmed().isEmpty());
        }
        // Its heartbeat ended: the dead relay's leases run out after LEASE_TTL.

        await().atMost(PATIENCE).until(() -> db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.relayLease()
                + " WHERE owner = 'relay-0' AND expires_at > " + db.dialect.now(), Integer.class) == RelayFixture.SHARDS);
        String survivorShards = IntStream.range(0, RelayFixture.SHARDS).filter(shard -> !deadShards.contains(shard))
            .mapToObj(Integer::toString).collect(Collectors.joining(", "));
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM " + db.tables.outbox() + " WHERE status = 'PENDING' "
                + "AND MOD(key_hash, " + RelayFixture.SHARDS + ") IN (" + survivorShards + ")", Integer.class))
            .as("the survivor's own backlog when it took over").isPositive();
        sender.delayEveryBatch(Duration.ZERO);
    }

    /** Writers take their timestamps in one order and commit in another; delivery must follow commits. */
    @Test
    void aBatchSlowerThanTheLeaseKeepsItsShardsAndNothingIsSentTwice() {
        relays.start(sender);
        relays.start(sender);
        sender.delayNextBatch(RelayFixture.LEASE_TTL.multipliedBy(3));
        publishNumbered(8, 5);

        await().atMost(PATIENCE).until(() -> distinctIds() == 40);
        assertThat(sender.duplicates()).as("messages sent by two relays").isZero();
    }

    @Test
    void worksWithAPoolThatDoesNotAutoCommit() {
        try (OutboxTestDatabase manual = OutboxTestDatabase.withoutAutoCommit(newDatabase());
                RelayFixture manualRelays = new RelayFixture(manual)) {
            ReliablePublisher manualPublisher = manual.publisher(manualRelays.wakeUp);
            manualRelays.start(sender, 5, true, Duration.ofMillis(300));
            manual.inTransaction(() -> manualPublisher.publish("t", "k", 1));

            await().atMost(PATIENCE).until(() -> sender.confirmed().size() == 1);
            await().atMost(PATIENCE).until(() -> manual.outboxRows().isEmpty());
        }
    }

    /** A delayed row failing below a retrying one must not let the key's later rows overtake the retrying one. */
    @Test
    void aHoldPassesToTheNextFailedRowOfItsKey() throws InterruptedException {
        AtomicBoolean secondFails = new AtomicBoolean(true);
        AtomicBoolean delayedFailedOnce = new AtomicBoolean();
        sender.failKey("k", m -> switch (new String(m.payload())) {
            case "1" -> secondFails.get() ? SendOutcome.retryable("nack") : SendOutcome.confirmed();
            case "\"delayed\"" -> delayedFailedOnce.getAndSet(true) ? SendOutcome.confirmed() : SendOutcome.retryable("nack");
            default -> SendOutcome.confirmed();
        });
        // Retries of 1 space out (0.1, 0.2, 0.4, 0.8 s …) while the delayed row's first retry comes quickly.
        relays.start(sender, 1000, true, Duration.ZERO, Duration.ofMillis(50),
                RelayFixture.backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 0.0));
        db.inTransaction(() -> publisher.publish(Message.to("t").key("k").payload("delayed")
            .deliverAt(Instant.now().plusMillis(1000))));
        publish("k", 1);
        publish("k", 2);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").contains("\"delayed\""));
        Thread.sleep(600);
        assertThat(sender.payloadsOf("k")).as("2 waits while 1 is retried").doesNotContain("2");

        secondFails.set(false);
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").size() == 3);
        assertThat(sender.payloadsOf("k")).containsExactly("\"delayed\"", "1", "2");
    }

    /** The next batch is claimed while one is at the broker: a key failing in the first must not go on in the next. */
    @Test
    void aKeyFailingInOneBatchSendsNoneOfItsRowsInTheBatchClaimedAheadOfItsRetry() {
        AtomicBoolean thirdFailedOnce = new AtomicBoolean();
        sender.failKey("k", m -> new String(m.payload()).equals("3") && !thirdFailedOnce.getAndSet(true)
                ? SendOutcome.retryable("nack") : SendOutcome.confirmed());
        for (int i = 1; i <= 60; i++) {
            publish("k", i);
            publish("other", i);
        }
        // A slow first batch: the claim of the one after it has finished before the failure is recorded.
        sender.delayNextBatch(Duration.ofMillis(300));
        relays.start(sender);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").size() == 60 && sender.payloadsOf("other").size() == 60);
        List<String> inOrder = IntStream.rangeClosed(1, 60).mapToObj(Integer::toString).toList();
        assertThat(sender.payloadsOf("k")).containsExactlyElementsOf(inOrder);
        assertThat(sender.payloadsOf("other")).containsExactlyElementsOf(inOrder);
    }

    /** Rows held back from a batch claimed ahead must not be overtaken by their key's rows in the batch after it. */
    @Test
    void rowsHeldBackFromABatchClaimedAheadGoBeforeTheLaterRowsOfTheirKey() {
        // The last row of "k" in the first batch dies without holding its key: nothing in the database
        // holds "k" back, so only the relay can keep its later rows in order.
        sender.failKey("k", m -> new String(m.payload()).equals("25") ? SendOutcome.permanent("poison")
                : SendOutcome.confirmed());
        for (int i = 1; i <= 120; i++) {
            publish("k", i);
            publish("other", i);
        }
        sender.delayNextBatch(Duration.ofMillis(300));
        relays.start(sender, 5, false, Duration.ZERO);

        await().atMost(PATIENCE).until(() -> sender.payloadsOf("k").size() == 119 && sender.payloadsOf("other").size() == 120);
        assertThat(sender.payloadsOf("k")).isSortedAccordingTo(RelayContractTests::byNumber).doesNotContain("25");
        assertThat(sender.payloadsOf("other")).isSortedAccordingTo(RelayContractTests::byNumber);
    }

    @Test
    void concurrentWritersOfOneKeyArePublishedInCommitOrder() throws Exception {
        relays.start(sender);
        int writers = 8;
        int perWriter = 25;
        CyclicBarrier start = new CyclicBarrier(writers);
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        publish("hot", i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        await().atMost(PATIENCE).until(() -> sender.payloadsOf("hot").size() == writers * perWriter);
        List<Long> sequences = sender.confirmed().stream().map(OutboundMessage::sequence).toList();
        assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSize(writers * perWriter);
    }

    private void publishNumbered(int keys, int perKey) {
        for (int i = 0; i < perKey; i++) {
            int n = i;
            db.inTransaction(() -> {
                for (int k = 0; k < keys; k++) {
                    publisher.publish("t", "key-" + k, n);
                }
                return null;
            });
        }
    }

    private void publish(String key, int payload) {
        db.inTransaction(() -> publisher.publish("t", key, payload));
    }

    private List<String> statuses() {
        return db.jdbc.queryForList("SELECT status FROM " + db.tables.outbox() + " ORDER BY id", String.class);
    }

    private int attemptsOfFirst(String key) {
        return db.jdbc.queryForObject("SELECT attempts FROM " + db.tables.outbox() + " WHERE msg_key = ? ORDER BY id "
                + "LIMIT 1", Integer.class, key);
    }

    private long distinctIds() {
        return sender.confirmed().stream().map(OutboundMessage::id).distinct().count();
    }

    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    }
}
