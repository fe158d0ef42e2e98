package org.reliablemessaging.idempotency.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.reliablemessaging.idempotency.EpochStore;
import org.reliablemessaging.idempotency.RedisDataLossException;
import org.reliablemessaging.idempotency.jdbc.JdbcEpochStore;
import org.reliablemessaging.idempotency.redis.EpochStatus.Reason;
import org.reliablemessaging.idempotency.redis.EpochStatus.State;
import org.reliablemessaging.jdbc.OutboxTestDatabase;
import org.reliablemessaging.spi.MessageDeferredException;
import org.reliablemessaging.testservices.RedisEndpoint;
import org.reliablemessaging.testservices.TestBrokers;
import org.reliablemessaging.testservices.TestDatabases;
import org.reliablemessaging.testservices.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The Redis guard's epoch on the tests' Redis: each test loses only its own keys (a prefix of its own),
 * as a Redis that lost its data would; {@link RedisGuardRestartTests} restarts a Redis for real.
 */
class RedisGuardEpochTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static final Duration RETENTION = Duration.ofHours(1);

    private static RedissonClient redisson;

    private static OutboxTestDatabase database;

    private String prefix;

    private final AtomicInteger runs = new AtomicInteger();

    @BeforeAll
    static void connect() {
        RedisEndpoint redis = TestBrokers.redis();
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        redisson = Redisson.create(config);
        database = new OutboxTestDatabase(TestDatabases.h2());
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
        database.close();
    }

    @BeforeEach
    void newPrefix() {
        prefix = TestNames.unique("rm-test") + ":";
    }

    @Test
    void writesItsEpochWhenFirstUsedAndRaisesItsGenerationAsItWorks() {
        RedissonIdempotencyGuard guard = guard(null);
        assertThat(guard.status().state()).isEqualTo(State.UNCHECKED);

        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();

        EpochStatus status = guard.status();
        assertThat(status.state()).isEqualTo(State.ARMED);
        assertThat(status.key()).isEqualTo(prefix + "epoch");
        assertThat(epoch().get("id")).isEqualTo(status.epoch());
        long generation = Long.parseLong(epoch().get("gen"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            guard.runOnce("inventory", "m-" + runs.get(), runs::incrementAndGet);
            assertThat(Long.parseLong(epoch().get("gen"))).isGreaterThan(generation);
        });
    }

    @Test
    void holdsEveryMessageOnceRedisForgotItsKeysAndAStartAfterwardsDoesNotReArm() {
        RedissonIdempotencyGuard guard = guard(null);
        guard.runOnce("inventory", "m-1", runs::incrementAndGet);
        forgetEverything();

        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> guard.runOnce("inventory", "m-1", runs::incrementAndGet))
            .isInstanceOf(MessageDeferredException.class)
            .withMessageContaining("the epoch key '" + prefix + "epoch' is gone")
            .withMessageContaining("POST /actuator/redisguard")
            .satisfies(ex -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(5)));
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> guard.runOnce("inventory", "m-2", runs::incrementAndGet));
        assertThat(runs).hasValue(1);
        EpochStatus status = guard.status();
        assertThat(status.state()).isEqualTo(State.LOST);
        assertThat(status.reason()).isEqualTo(Reason.MISSING);
        assertThat(status.detectedAt()).isNotNull();
        assertThat(status.refusals()).isEqualTo(2);

        // The loss is marked in Redis: an instance started now does not take the empty Redis for a new one.
        RedissonIdempotencyGuard restarted = guard(null);
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> restarted.runOnce("inventory", "m-1", runs::incrementAndGet));
        assertThat(restarted.status().reason()).isEqualTo(Reason.MARKED_LOST);
        assertThat(runs).hasValue(1);
    }

    /**
     * Two threads of one instance race when Redis loses its data: the first thread's script marks the epoch lost,
     * and a second thread's script may see that mark, and reach the guard, first. The guard reports what its own
     * mark says was found, not "marked lost by another instance" (which a load of 7 on two cores showed twice in
     * {@code RedisGuardRestartTests}).
     */
    @Test
    void anInstanceReadingItsOwnLostMarkReportsWhatItFound() {
        for (String why : new String[] {"missing:", "rolled-back:"}) {
            newPrefix();
            EpochKeeper keeper = new EpochKeeper(redisson.getScript(StringCodec.INSTANCE), prefix + "epoch", null,
                    Clock.systemUTC());
            EpochKeeper.Armed armed = keeper.armed();
            String ownMark = "lost:" + why + keeper.arguments(armed).get(2);

            assertThat(keeper.confirm(armed, List.of(0L, ownMark, -1L))).isEqualTo(EpochKeeper.Outcome.LOST);
            assertThat(keeper.status().reason()).as(why)
                .isEqualTo(why.equals("missing:") ? Reason.MISSING : Reason.ROLLED_BACK);
        }
        EpochKeeper other = new EpochKeeper(redisson.getScript(StringCodec.INSTANCE), prefix + "epoch2", null,
                Clock.systemUTC());
        EpochKeeper.Armed armed = other.armed();
        other.confirm(armed, List.of(0L, "lost:missing:another-instance@2026-12-06T20:00:00Z", -1L));
        assertThat(other.status().reason()).isEqualTo(Reason.MARKED_LOST);
    }

    @Test
    void seesAGenerationThatWentBackAsALoss() {
        RedissonIdempotencyGuard guard = guard(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            guard.runOnce("inventory", "m-" + runs.get(), runs::incrementAndGet);
            return Long.parseLong(epoch().get("gen")) >= 2;
        });
        int handled = runs.get();
        // What a restore from an older snapshot does to the epoch: the same id, an older generation.
        epoch().put("gen", "0");

        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> guard.runOnce("inventory", "m-new", runs::incrementAndGet))
            .withMessageContaining("went back");
        assertThat(guard.status().reason()).isEqualTo(Reason.ROLLED_BACK);
        assertThat(runs).hasValue(handled);
        assertThat(epoch().get("id")).startsWith("lost:");
    }

    @Test
    void theHealthCheckSeesALossWithoutAMessage() {
        RedissonIdempotencyGuard guard = guard(null);
        assertThat(guard.check().state()).isEqualTo(State.ARMED);
        forgetEverything();

        assertThat(guard.check().state()).isEqualTo(State.LOST);
        assertThat(epoch().get("id")).startsWith("lost:");
    }

    @Test
    void acceptingTheLossReArmsOnANewEpochAndAnotherInstanceIsReArmedSeparately() {
        RedissonIdempotencyGuard first = guard(null);
        RedissonIdempotencyGuard second = guard(null);
        first.runOnce("inventory", "m-1", runs::incrementAndGet);
        second.runOnce("inventory", "m-2", runs::incrementAndGet);
        String lost = first.status().epoch();
        forgetEverything();
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> first.runOnce("inventory", "m-1", runs::incrementAndGet));
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> second.runOnce("inventory", "m-2", runs::incrementAndGet));

        EpochStatus rearmed = first.acceptDataLoss();

        assertThat(rearmed.state()).isEqualTo(State.ARMED);
        assertThat(rearmed.epoch()).isNotEqualTo(lost).isEqualTo(epoch().get("id"));
        assertThat(first.runOnce("inventory", "m-1", runs::incrementAndGet)).as("its marker was lost").isTrue();
        // Without a database, nothing tells the second instance that the new epoch is an operator's.
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> second.runOnce("inventory", "m-3", runs::incrementAndGet));
        assertThat(second.acceptDataLoss().epoch()).as("the epoch re-armed first").isEqualTo(rearmed.epoch());
        assertThat(second.runOnce("inventory", "m-3", runs::incrementAndGet)).isTrue();
        assertThat(first.runOnce("inventory", "m-4", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(5);
    }

    @Test
    void acceptingChangesNothingWhenNothingWasLost() {
        RedissonIdempotencyGuard guard = guard(null);
        guard.runOnce("inventory", "m-1", runs::incrementAndGet);
        String epoch = guard.status().epoch();

        assertThat(guard.acceptDataLoss().epoch()).isEqualTo(epoch);
        assertThat(epoch().get("id")).isEqualTo(epoch);
        assertThat(guard.runOnce("inventory", "m-1", runs::incrementAndGet)).isFalse();
    }

    @Test
    void withTheDatabaseALossWhileNoInstanceRanIsSeenAtStartAndAReArmReachesEveryInstance() {
        JdbcEpochStore store = store();
        guard(store).runOnce("inventory", "m-1", runs::incrementAndGet);
        String accepted = store.load();
        assertThat(accepted).isEqualTo(epoch().get("id"));
        // Every instance stopped; Redis came back empty meanwhile.
        forgetEverything();

        RedissonIdempotencyGuard first = guard(store());
        RedissonIdempotencyGuard second = guard(store());
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> first.runOnce("inventory", "m-1", runs::incrementAndGet));
        assertThat(first.status().reason()).isEqualTo(Reason.MISSING);
        assertThat(first.status().epoch()).isEqualTo(accepted);
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> second.runOnce("inventory", "m-2", runs::incrementAndGet));
        assertThat(runs).hasValue(1);

        String rearmed = first.acceptDataLoss().epoch();

        assertThat(store.load()).isEqualTo(rearmed);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(second.check().state()).isEqualTo(State.ARMED));
        assertThat(second.status().epoch()).isEqualTo(rearmed);
        assertThat(second.runOnce("inventory", "m-2", runs::incrementAndGet)).isTrue();
    }

    @Test
    void anArmedInstanceFollowsAReArmThatTheDatabaseConfirmsAndRefusesOneItDoesNot() {
        RedissonIdempotencyGuard confirmed = guard(store());
        confirmed.runOnce("inventory", "m-1", runs::incrementAndGet);
        RedissonIdempotencyGuard unconfirmed = guard(null);
        unconfirmed.runOnce("inventory", "m-2", runs::incrementAndGet);
        // Another instance re-armed on a new epoch and recorded it.
        epoch().put("id", "re-armed-elsewhere");
        store().save("re-armed-elsewhere");

        assertThat(confirmed.runOnce("inventory", "m-3", runs::incrementAndGet)).isTrue();
        assertThat(confirmed.status().epoch()).isEqualTo("re-armed-elsewhere");
        assertThatExceptionOfType(RedisDataLossException.class)
            .isThrownBy(() -> unconfirmed.runOnce("inventory", "m-4", runs::incrementAndGet));
        EpochStatus status = unconfirmed.status();
        assertThat(status.reason()).isEqualTo(Reason.REPLACED);
        assertThat(status.found()).isEqualTo("re-armed-elsewhere");
        assertThat(epoch().get("id")).as("a replaced epoch is not marked lost").isEqualTo("re-armed-elsewhere");
    }

    @Test
    void withoutTheDatabaseALossWhileNoInstanceRanGoesUnnoticed() {
        guard(null).runOnce("inventory", "m-1", runs::incrementAndGet);
        forgetEverything();

        // The documented limit: an empty Redis looks like a first start.
        assertThat(guard(null).runOnce("inventory", "m-1", runs::incrementAndGet)).isTrue();
        assertThat(runs).hasValue(2);
    }

    @Test
    void asksForAHashTagOnARedisCluster() {
        Config cluster = new Config();
        cluster.useClusterServers().addNodeAddress("redis://127.0.0.1:7000");

        assertThatIllegalArgumentException()
            .isThrownBy(() -> RedissonIdempotencyGuard.requireHashTagOnCluster(cluster, "rm:processed:"))
            .withMessageContaining("'{rm:processed}:' instead of 'rm:processed:'");
        RedissonIdempotencyGuard.requireHashTagOnCluster(cluster, "{rm:processed}:");
        RedissonIdempotencyGuard.requireHashTagOnCluster(new Config(), "rm:processed:");
    }

    private RedissonIdempotencyGuard guard(EpochStore store) {
        return new RedissonIdempotencyGuard(redisson, prefix, LEASE, RETENTION, store, Clock.systemUTC());
    }

    private JdbcEpochStore store() {
        return new JdbcEpochStore(database.database, prefix + "epoch", Clock.systemUTC());
    }

    private RMap<String, String> epoch() {
        return redisson.getMap(prefix + "epoch", StringCodec.INSTANCE);
    }

    /** What a Redis that lost its data shows this guard: none of its keys. */
    private void forgetEverything() {
        redisson.getKeys().deleteByPattern(prefix + "*");
    }
}
