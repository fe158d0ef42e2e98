package org.reliablemessaging.idempotency.autoconfigure;

import org.reliablemessaging.idempotency.actuate.RedisGuardEndpoint;
import org.reliablemessaging.idempotency.actuate.RedisGuardHealthIndicator;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.redisson.api.RedissonClient;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What operators see of the Redis guard's epoch: a health indicator, metrics and the {@code redisguard}
 * endpoint that re-arms it, each when its library is there; a class of its own so that it is ordered
 * after the one that makes the guard.
 */
@AutoConfiguration(after = IdempotencyGuardAutoConfiguration.class)
@ConditionalOnClass(RedissonClient.class)
public final class RedisGuardOperationsAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class RedisGuardHealthConfiguration {

        @Bean
        @ConditionalOnBean(RedissonIdempotencyGuard.class)
        @ConditionalOnMissingBean(name = "redisIdempotencyGuardHealthIndicator")
        RedisGuardHealthIndicator redisIdempotencyGuardHealthIndicator(RedissonIdempotencyGuard guard) {
            return new RedisGuardHealthIndicator(guard);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class RedisGuardMetricsConfiguration {

        /** Read from what the guard knows, without asking Redis. */
        @Bean
        @ConditionalOnBean(RedissonIdempotencyGuard.class)
        @ConditionalOnMissingBean(name = "redisIdempotencyGuardMetrics")
        MeterBinder redisIdempotencyGuardMetrics(RedissonIdempotencyGuard guard) {
            return registry -> {
                Gauge.builder("reliable.messaging.idempotency.redis.data.lost", guard, g -> g.status().lost() ? 1 : 0)
                    .description("1 while Redis lost the guard's markers and listeners hold its messages, else 0")
                    .register(registry);
                FunctionCounter.builder("reliable.messaging.idempotency.redis.refused", guard,
                        g -> g.status().refusals())
                    .description("Messages the guard held back since Redis lost data")
                    .register(registry);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
    static class RedisGuardEndpointConfiguration {

        @Bean
        @ConditionalOnBean(RedissonIdempotencyGuard.class)
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        RedisGuardEndpoint redisGuardEndpoint(RedissonIdempotencyGuard guard) {
            return new RedisGuardEndpoint(guard);
        }
    }
}
