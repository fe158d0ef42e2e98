package org.reliablemessaging.idempotency.autoconfigure;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.reliablemessaging.autoconfigure.ReliableListenerAutoConfiguration;
import org.reliablemessaging.autoconfigure.ReliableMessagingAutoConfiguration;
import org.reliablemessaging.idempotency.actuate.RedisGuardEndpoint;
import org.reliablemessaging.idempotency.actuate.RedisGuardHealthIndicator;
import org.reliablemessaging.idempotency.jdbc.GuardBatching;
import org.reliablemessaging.idempotency.jdbc.JdbcIdempotencyGuard;
import org.reliablemessaging.idempotency.redis.EpochStatus.State;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.reliablemessaging.jdbc.RetentionCleaner;
import org.reliablemessaging.spi.IdempotencyGuard;
import org.reliablemessaging.testservices.H2TestService;
import org.reliablemessaging.testservices.RedisTestService;
import org.reliablemessaging.testservices.TestNames;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyGuardAutoConfigurationTests {

    private static final IdempotencyGuard CUSTOM = (group, messageId, work) -> false;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                IdempotencyGuardAutoConfiguration.class));

    private final ApplicationContextRunner withDatabase = runner.withUserConfiguration(H2TestService.class);

    private final ApplicationContextRunner withOperations = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, ReliableMessagingAutoConfiguration.class,
                IdempotencyGuardAutoConfiguration.class, RedisGuardOperationsAutoConfiguration.class));

    @Test
    void offersTheJdbcGuardAndItsCleanerWhenThereIsADatabase() {
        withDatabase.run(context -> {
            assertThat(context).getBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME).isInstanceOf(JdbcIdempotencyGuard.class);
            assertThat(context.getBean("processedMessageCleaner", RetentionCleaner.class).isRunning()).isTrue();
            assertThat(context).doesNotHaveBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME).doesNotHaveBean(RedissonClient.class);

            IdempotencyGuard guard = context.getBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class);
            assertThat(guard.runOnce("inventory", "m-1", () -> {
            })).isTrue();
            assertThat(guard.runOnce("inventory", "m-1", () -> {
            })).isFalse();
        });
    }

    @Test
    void backsOffFromGuardsAndCleanerOfTheApplication() {
        withDatabase.withBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME, IdempotencyGuard.class, () -> CUSTOM)
            .withBean("processedMessageCleaner", Object.class, Object::new)
            .run(context -> {
                assertThat(context.getBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)).isSameAs(CUSTOM);
                assertThat(context).doesNotHaveBean(RetentionCleaner.class);
            });
    }

    @Test
    void offersNoJdbcGuardWithoutADatabase() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReliableMessagingAutoConfiguration.class,
                    IdempotencyGuardAutoConfiguration.class))
            .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
            .doesNotHaveBean(RetentionCleaner.class));
    }

    @Test
    void batchesMessagesReadyTogetherOnlyWhenAsked() {
        withDatabase.run(context -> assertThat(context.getBean(JdbcIdempotencyGuard.class).batching())
            .isEqualTo(GuardBatching.OFF));
        withDatabase.withPropertyValues("reliable-messaging.idempotency.batch.enabled=true",
                "reliable-messaging.idempotency.batch.max-size=16", "reliable-messaging.idempotency.batch.max-wait=3ms")
            .run(context -> assertThat(context.getBean(JdbcIdempotencyGuard.class).batching())
                .isEqualTo(new GuardBatching(16, Duration.ofMillis(3), 2)));
        withDatabase.withPropertyValues("reliable-messaging.idempotency.batch.enabled=true",
                "reliable-messaging.idempotency.batch.threads=0")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("threads of at least 1"));
    }

    @Test
    void refusesARetentionThatKeepsNothing() {
        withDatabase.withPropertyValues("reliable-messaging.idempotency.retention=0s")
            .run(context -> assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("reliable-messaging.idempotency.retention must be positive"));
    }

    @Test
    void createsARedissonClientFromSpringsRedisSettingsWhenRedisIsTheStore() {
        withDatabase.withUserConfiguration(RedisTestService.class)
            .withPropertyValues("reliable-messaging.idempotency.store=redis",
                    "reliable-messaging.idempotency.redis-key-prefix=" + TestNames.unique("rm-test") + ":")
            .run(context -> {
                assertThat(context).hasSingleBean(RedissonClient.class)
                    .getBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME)
                    .isInstanceOf(RedissonIdempotencyGuard.class);
                IdempotencyGuard guard = context.getBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME, IdempotencyGuard.class);
                assertThat(guard.runOnce("inventory", "m-1", () -> {
                })).isTrue();
                assertThat(guard.runOnce("inventory", "m-1", () -> {
                })).isFalse();
                assertThat(context).getBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME).isNotNull();
            });
    }

    @Test
    void watchesTheRedisGuardsEpochWithHealthMetricsAndAnEndpointAndKeepsItInTheDatabase() {
        String prefix = TestNames.unique("rm-test") + ":";
        withOperations.withUserConfiguration(H2TestService.class, RedisTestService.class)
            .withPropertyValues("reliable-messaging.idempotency.store=redis",
                    "reliable-messaging.idempotency.redis-key-prefix=" + prefix,
                    "management.endpoints.web.exposure.include=redisguard")
            .run(context -> {
                assertThat(context).hasSingleBean(RedisGuardHealthIndicator.class)
                    .hasSingleBean(RedisGuardEndpoint.class)
                    .hasBean("redisIdempotencyGuardMetrics");
                Health health = context.getBean(RedisGuardHealthIndicator.class).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("epochKey", prefix + "epoch").containsKey("epoch");
                assertThat(context.getBean(RedisGuardEndpoint.class).status().state()).isEqualTo(State.ARMED);
                assertThat(new JdbcTemplate(context.getBean(DataSource.class))
                    .queryForObject("SELECT epoch FROM rm_guard_epoch WHERE name = ?", String.class, prefix + "epoch"))
                    .isEqualTo(health.getDetails().get("epoch"));
                MeterRegistry meters = new SimpleMeterRegistry();
                context.getBean("redisIdempotencyGuardMetrics", MeterBinder.class).bindTo(meters);
                assertThat(meters.get("reliable.messaging.idempotency.redis.data.lost").gauge().value()).isZero();
                assertThat(meters.get("reliable.messaging.idempotency.redis.refused").functionCounter().count())
                    .isZero();
            });
    }

    @Test
    void watchesTheRedisGuardOnlyWithTheLibrariesThatShowIt() {
        ApplicationContextRunner redis = withOperations.withUserConfiguration(RedisTestService.class)
            .withPropertyValues("reliable-messaging.idempotency.store=redis",
                    "reliable-messaging.idempotency.redis-key-prefix=" + TestNames.unique("rm-test") + ":");
        redis.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(RedissonIdempotencyGuard.class)
                .doesNotHaveBean(RedisGuardHealthIndicator.class)
                .hasBean("redisIdempotencyGuardMetrics"));
        redis.withClassLoader(new FilteredClassLoader(MeterBinder.class))
            .run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(RedisGuardHealthIndicator.class)
                .doesNotHaveBean("redisIdempotencyGuardMetrics"));
        redis.run(context -> assertThat(context).as("not exposed").doesNotHaveBean(RedisGuardEndpoint.class));
        redis.withPropertyValues("management.endpoints.web.exposure.include=redisguard")
            .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisGuardEndpoint.class));
    }

    @Test
    void watchesNothingWithoutTheRedisGuard() {
        withOperations.withUserConfiguration(H2TestService.class, RedisTestService.class)
            .withPropertyValues("management.endpoints.web.exposure.include=redisguard")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(RedisGuardHealthIndicator.class)
                .doesNotHaveBean(RedisGuardEndpoint.class)
                .doesNotHaveBean("redisIdempotencyGuardMetrics"));
    }

    @Test
    void createsNoRedissonClientUnlessRedisIsTheStore() {
        withDatabase.withUserConfiguration(RedisTestService.class)
            .run(context -> assertThat(context).doesNotHaveBean(RedissonClient.class)
                .doesNotHaveBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME));
    }

    @Test
    void usesTheApplicationsRedissonClient() {
        // Only its script facade is asked for until the guard is used.
        RedissonClient client = (RedissonClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { RedissonClient.class }, (proxy, method, args) -> null);
        runner.withUserConfiguration(RedisTestService.class)
            .withBean(RedissonClient.class, () -> client)
            .withPropertyValues("reliable-messaging.idempotency.store=redis")
            .run(context -> {
                assertThat(context.getBean(RedissonClient.class)).isSameAs(client);
                assertThat(context).getBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME).isInstanceOf(RedissonIdempotencyGuard.class);
            });
    }

    @Test
    void worksWithoutRedissonOnTheClasspath() {
        withDatabase.withUserConfiguration(RedisTestService.class)
            .withClassLoader(new FilteredClassLoader(Redisson.class, RedissonClient.class))
            .withPropertyValues("reliable-messaging.idempotency.store=redis")
            .run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ReliableListenerAutoConfiguration.REDIS_GUARD_BEAN_NAME)
                .getBean(ReliableListenerAutoConfiguration.DATABASE_GUARD_BEAN_NAME)
                .isInstanceOf(JdbcIdempotencyGuard.class));
    }

    @Test
    void setsRedissonUpFromEachKindOfConnectionDetails() throws Exception {
        DataRedisConnectionDetails standalone = new DataRedisConnectionDetails() {

            @Override
            public String getPassword() {
                return "secret";
            }

            @Override
            public Standalone getStandalone() {
                return Standalone.of("redis.local", 6380, 3);
            }
        };
        assertThat(RedissonConfigs.from(standalone).toYAML()).contains("address: \"redis://redis.local:6380\"",
                "database: 3", "password: \"secret\"");

        DataRedisConnectionDetails cluster = new DataRedisConnectionDetails() {

            @Override
            public Cluster getCluster() {
                return () -> List.of(new Node("10.0.0.1", 7000), new Node("::1", 7001));
            }
        };
        assertThat(RedissonConfigs.from(cluster).toYAML()).contains("redis://10.0.0.1:7000", "redis://[::1]:7001");

        DataRedisConnectionDetails sentinel = new DataRedisConnectionDetails() {

            @Override
            public Sentinel getSentinel() {
                return new Sentinel() {

                    @Override
                    public int getDatabase() {
                        return 1;
                    }

                    @Override
                    public String getMaster() {
                        return "primary";
                    }

                    @Override
                    public List<Node> getNodes() {
                        return List.of(new Node("sentinel.local", 26379));
                    }

                    @Override
                    public String getUsername() {
                        return null;
                    }

                    @Override
                    public String getPassword() {
                        return "sentinel-secret";
                    }
                };
            }
        };
        assertThat(RedissonConfigs.from(sentinel).toYAML()).contains("masterName: \"primary\"",
                "redis://sentinel.local:26379", "sentinelPassword: \"sentinel-secret\"", "database: 1");
    }
}
