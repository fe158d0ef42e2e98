package org.reliablemessaging.idempotency.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.idempotency.RedisDataLossException;
import org.reliablemessaging.idempotency.actuate.RedisGuardHealthIndicator;
import org.reliablemessaging.idempotency.jdbc.JdbcEpochStore;
import org.reliablemessaging.idempotency.redis.EpochStatus.Reason;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis guard while a private Redis, which keeps nothing on disk unless told to save, is restarted
 * under it mid-flow: the machine's Redis is never touched.
 */
class RedisGuardRestartTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String GROUP = "inventory";

    private PrivateInstance redis;

    private RedissonClient redisson;

    private OutboxTestDatabase database;

    private final String prefix = TestNames.unique("rm-test") + ":";

    @BeforeEach
    void startRedis() {
        redis = PrivateInstance.start(Kind.REDIS, Path.of("target", TestNames.unique("private-redis")));
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port()).setTimeout(1000);
        redisson = Redisson.create(config);
        database = new OutboxTestDatabase(TestDatabases.h2());
    }

    @AfterEach
    void stopRedis() {
        redisson.shutdown();
        redis.stop();
        database.close();
    }

    @Test
    void aRestartThatForgetsEveryMarkerMidFlowHoldsEveryMessageUntilTheLossIsAccepted() {
        RedissonIdempotencyGuard guard = guard(store());
        // Handling takes 2 ms, so that the restart comes mid-flow.
        try (Consumer consumer = new Consumer(guard, 2)) {
            List<String> ids = IntStream.range(0, 4000).mapToObj(i -> "m-" + i).toList();
            ids.forEach(consumer::deliver);
            await().atMost(PATIENCE).until(() -> consumer.effects.size() >= 200);
            redis.stop();
            redis.start();
            await().atMost(PATIENCE).until(consumer::idle);
            Map<String, Integer> handledBefore = Map.copyOf(consumer.effects());
            assertThat(handledBefore).allSatisfy((id, effects) -> assertThat(effects).isOne());
            assertThat(redisson.getBucket(prefix + GROUP + ":m-0", StringCodec.INSTANCE).isExists())
                .as("the marker of a message handled before the restart").isFalse();

            // The broker redelivers what was handled before (its acknowledgements were lost, say).
            int acknowledged = consumer.acknowledged.get();
            handledBefore.keySet().forEach(consumer::deliver);
            await().atMost(PATIENCE).until(consumer::idle);

            assertThat(consumer.effects()).as("no message handled twice").isEqualTo(handledBefore);
            assertThat(consumer.acknowledged).as("nothing acknowledged while lost").hasValue(acknowledged);
            assertThat(guard.status().reason()).isEqualTo(Reason.MISSING);
            assertThat(handledBefore).as("the messages held since the restart").hasSizeLessThan(ids.size());
            assertThat(consumer.held).containsAll(handledBefore.keySet());
            Health health = new RedisGuardHealthIndicator(guard).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("expectedEpoch", store().load())
                .containsKeys("reason", "detectedAt", "action");

            guard.acceptDataLoss();
            consumer.redeliverHeld();
            await().atMost(PATIENCE).until(() -> consumer.idle() && consumer.held.isEmpty());

            assertThat(new RedisGuardHealthIndicator(guard).health(true).getStatus()).isEqualTo(Status.UP);
            assertThat(consumer.effects()).as("every message handled").containsOnlyKeys(ids);
            // The operator accepted this: what was redelivered while lost ran again (unless its done marker was
            // written after the restart), nothing else did.
            consumer.effects().forEach((id, effects) -> assertThat(effects).as(id)
                .isBetween(1, handledBefore.containsKey(id) ? 2 : 1));
            assertThat(consumer.effects()).containsEntry("m-0", 2);
        }
    }

    @Test
    void aRestartFromAnOlderSnapshotIsSeenByTheGeneration() {
        RedissonIdempotencyGuard guard = guard(null);
        try (Consumer consumer = new Consumer(guard, 0)) {
            consumer.deliver("before-snapshot");
            await().atMost(PATIENCE).until(consumer::idle);
            redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().save();
            long savedGeneration = generation();
            // Two raises of the generation after the snapshot: a loss of more than about two seconds.
            for (int i = 0; generation() < savedGeneration + 2; i++) {
                consumer.deliver("after-snapshot-" + i);
                await().atMost(PATIENCE).until(consumer::idle);
            }
            Map<String, Integer> handledBefore = Map.copyOf(consumer.effects());

            redis.stop();
            redis.start();
            await("the snapshot came back").atMost(PATIENCE).ignoreExceptions()
                .until(() -> redisson.getBucket(prefix + GROUP + ":before-snapshot", StringCodec.INSTANCE).isExists());
            handledBefore.keySet().forEach(consumer::deliver);
            await().atMost(PATIENCE).until(consumer::idle);

            assertThat(consumer.effects()).as("no message handled twice").isEqualTo(handledBefore);
            assertThat(guard.status().reason()).isEqualTo(Reason.ROLLED_BACK);
        }
    }

    @Test
    void aRestartThatKeepsTheDataChangesNothing() {
        RedissonIdempotencyGuard guard = guard(store());
        try (Consumer consumer = new Consumer(guard, 0)) {
            List.of("m-1", "m-2", "m-3").forEach(consumer::deliver);
            await().atMost(PATIENCE).until(consumer::idle);
            redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().save();

            redis.stop();
            redis.start();
            List.of("m-1", "m-2", "m-3", "m-4").forEach(consumer::deliver);
            await().atMost(PATIENCE).until(consumer::idle);

            assertThat(guard.check().lost()).isFalse();
            assertThat(consumer.effects()).containsOnlyKeys("m-1", "m-2", "m-3", "m-4").allSatisfy((id, effects) ->
                    assertThat(effects).isOne());
            assertThat(consumer.acknowledged).hasValue(7);
        }
    }

    private RedissonIdempotencyGuard guard(EpochStore store) {
        return new RedissonIdempotencyGuard(redisson, prefix, Duration.ofSeconds(30), Duration.ofHours(1), store,
                Clock.systemUTC());
    }

    private JdbcEpochStore store() {
        return new JdbcEpochStore(database.database, prefix + "epoch", Clock.systemUTC());
    }

    private long generation() {
        return Long.parseLong(redisson.<String, String>getMap(prefix + "epoch", StringCodec.INSTANCE).get("gen"));
    }

    /**
     * Four threads handling deliveries through the guard as a listener does: a failure (Redis away) is
     * tried again, a message the guard holds is set aside unacknowledged, any other outcome acknowledged.
     */
    private static final class Consumer implements AutoCloseable {

        final ExecutorService threads = Executors.newFixedThreadPool(4);

        final RedissonIdempotencyGuard guard;

        final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

        final Set<String> held = ConcurrentHashMap.newKeySet();

        final AtomicInteger acknowledged = new AtomicInteger();

        final AtomicInteger pending = new AtomicInteger();

        final long workMillis;

        Consumer(RedissonIdempotencyGuard guard, long workMillis) {
            this.guard = guard;
            this.workMillis = workMillis;
        }

        void deliver(String id) {
            pending.incrementAndGet();
            threads.execute(() -> {
                try {
                    handle(id);
                }
                finally {
                    pending.decrementAndGet();
                }
            });
        }

        void redeliverHeld() {
            List<String> ids = List.copyOf(held);
            held.clear();
            ids.forEach(this::deliver);
        }

        boolean idle() {
            return pending.get() == 0;
        }

        Map<String, Integer> effects() {
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            effects.forEach((id, count) -> counts.put(id, count.get()));
            return counts;
        }

        private void handle(String id) {
            while (true) {
                try {
                    guard.runOnce(GROUP, id, () -> {
                        pause(workMillis);
                        effects.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                    });
                    acknowledged.incrementAndGet();
                    return;
                }
                catch (RedisDataLossException ex) {
                    held.add(id);
                    return;
                }
                catch (RuntimeException ex) {
                    // Redis is restarting: as a listener's retry would, after a pause.
                    pause(100);
                }
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

        @Override
        public void close() {
            threads.shutdownNow();
            try {
                threads.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
