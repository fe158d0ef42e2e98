package org.reliablemessaging.idempotency;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.config.Config;
import org.reliablemessaging.idempotency.jdbc.JdbcIdempotencyGuard;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.testservices.PrivateInstance;
import org.reliablemessaging.testservices.PrivateInstance.Kind;
import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A guard whose store is down defers the message instead of failing it, so that a listener keeps it without
 * using an attempt (an outage longer than the retries would otherwise dead-letter every message); once the
 * store is back the message is handled, once. Each store is a private instance, stopped under the guard.
 */
class GuardStoreOutageTests {

    private static final Path DIR = Path.of("target", TestNames.unique("guard-outage"));

    @Test
    void theJdbcGuardDefersWhileItsDatabaseIsDown() {
        PrivateInstance postgres = PrivateInstance.start(Kind.POSTGRES, DIR.resolve("postgres"));
        TestDatabase database = new TestDatabase("jdbc:postgresql://127.0.0.1:%d/postgres".formatted(postgres.port()),
                "postgres", "");
        try (OutboxTestDatabase db = OutboxTestDatabase.withConnectionTimeout(database, Duration.ofSeconds(1))) {
            IdempotencyGuard guard = new JdbcIdempotencyGuard(db.database,
                    new DataSourceTransactionManager(db.dataSource), Clock.systemUTC());
            assertHandledOnceAcrossAnOutage(guard, postgres, () -> { });
        }
        finally {
            postgres.stop();
        }
    }

    @Test
    void theRedisGuardDefersWhileRedisIsDown() {
        PrivateInstance redis = PrivateInstance.start(Kind.REDIS, DIR.resolve("redis"));
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + redis.port()).setTimeout(500)
            .setRetryAttempts(1).setConnectTimeout(500);
        RedissonClient redisson = Redisson.create(config);
        try (OutboxTestDatabase db = new OutboxTestDatabase(TestDatabases.h2())) {
            IdempotencyGuard guard = new RedissonIdempotencyGuard(redisson, TestNames.unique("rm-test") + ":",
                    Duration.ofMinutes(1), Duration.ofHours(1), null, Clock.systemUTC());
            // Saved before the stop, so that Redis comes back with its data: down, not lost.
            assertHandledOnceAcrossAnOutage(guard, redis,
                    () -> redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().save());
        }
        finally {
            redisson.shutdown();
            redis.stop();
        }
    }

    private static void assertHandledOnceAcrossAnOutage(IdempotencyGuard guard, PrivateInstance store,
            Runnable beforeStop) {
        AtomicInteger effects = new AtomicInteger();
        assertThat(guard.runOnce("inventory", "before", effects::incrementAndGet)).isTrue();

        beforeStop.run();
        store.stop();
        assertThatThrownBy(() -> guard.runOnce("inventory", "during", effects::incrementAndGet))
            .isInstanceOf(GuardStoreUnavailableException.class)
            .isInstanceOf(MessageDeferredException.class)
            .hasMessageContaining("'during'")
            .hasMessageContaining("without using an attempt");
        assertThat(effects).hasValue(1);

        store.start();
        // The client reconnects on its own; the deferred message then runs, once.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(
                GuardStoreUnavailableException.class).until(() -> guard.runOnce("inventory", "during",
                        effects::incrementAndGet));
        assertThat(effects).hasValue(2);
    }
}
