package org.reliablemessaging.idempotency.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reliablemessaging.idempotency.MessageInProgressException;
import org.reliablemessaging.testservices.RedisEndpoint;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestNames;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

class RedissonIdempotencyGuardTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration RETENTION = Duration.ofHours(1);

    private static RedissonClient redisson;

    private String prefix;

    private final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void connect() {
        RedisEndpoint redis = TestBrokers.redis();
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
    }

    @BeforeEach
    void newPrefix() {
        prefix = TestNames.unique("rm-test") + ":";
    }

    @Test
    void runsOnceAndThenSkipsDuplicatesForTheRetention() {
        RedissonIdempotencyGuard guard = guard(LEASE, RETENTION);

        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isFalse();

        assertThat(runs).hasValue(1);
        RBucket<String> marker = marker("inventory", "m-1");
        assertThat(marker.get()).isEqualTo("done");
        assertThat(marker.remainTimeToLive()).isBetween(RETENTION.minusMinutes(1).toMillis(), RETENTION.toMillis());
    }

    @Test
    void keepsGroupsApart() {
        RedissonIdempotencyGuard guard = guard(LEASE, RETENTION);

        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();
        assertThat(guard.runOnce("billing", "m-1", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void removesItsMarkerWhenTheWorkFailsSoThatARetryRuns() {
        RedissonIdempotencyGuard guard = guard(LEASE, RETENTION);
        IllegalStateException failure = new IllegalStateException("handler failed");

        assertThatIllegalStateException().isThrownBy(() -> guard.runOnce("inventory", "m-1", () -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(marker("inventory", "m-1").isExists()).isFalse();
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();
    }

    @Test
    void tellsAConcurrentDuplicateThatTheMessageIsInProgress() throws Exception {
        RedissonIdempotencyGuard guard = guard(LEASE, RETENTION);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Boolean> first = CompletableFuture
            .supplyAsync(() -> guard.runOnce("inventory", "m-1", () -> hold(started, finish)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatExceptionOfType(MessageInProgressException.class)
            .isThrownBy(() -> guard.runOnce("inventory", "m-1", runs::incrementAndGet))
            .withMessageContaining("'m-1' of group 'inventory'")
            .satisfies(ex -> assertThat(ex.retryAfter()).isPositive().isLessThanOrEqualTo(LEASE));

        finish.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void runsARedeliveryOnceTheProcessingLeaseOfAStuckProcessorHasExpired() throws Exception {
        RedissonIdempotencyGuard guard = guard(Duration.ofMillis(500), RETENTION);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Boolean> stuck = CompletableFuture
            .supplyAsync(() -> guard.runOnce("inventory", "m-1", () -> hold(started, finish)));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatExceptionOfType(MessageInProgressException.class)
            .isThrownBy(() -> guard.runOnce("inventory", "m-1", runs::incrementAndGet));

        await().atMost(Duration.ofSeconds(5)).until(() -> !marker("inventory", "m-1").isExists());
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();

        finish.countDown();
        assertThat(stuck.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    void forgetsADoneMessageAfterTheRetention() {
        RedissonIdempotencyGuard guard = guard(LEASE, Duration.ofMillis(500));
        guard.runOnce("inventory", "m-1", runs::incrementAndGet);
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> !marker("inventory", "m-1").isExists());
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void refusesAKeyThatHoldsSomethingElse() {
        marker("inventory", "m-1").set("not a marker");

        assertThatIllegalStateException()
            .isThrownBy(() -> guard(LEASE, RETENTION).runOnce("inventory", "m-1", runs::incrementAndGet))
            .withMessageContaining("which is no idempotency marker");
        assertThat(runs).hasValue(0);
    }

    private RedissonIdempotencyGuard guard(Duration lease, Duration retention) {
        return new RedissonIdempotencyGuard(redisson, prefix, lease, retention, null, Clock.systemUTC());
    }

    private RBucket<String> marker(String group, String messageId) {
        return redisson.getBucket(prefix + group + ":" + messageId, StringCodec.INSTANCE);
    }

    private static void hold(CountDownLatch started, CountDownLatch finish) {
        started.countDown();
        try {
            if (!finish.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never let the first delivery finish");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
