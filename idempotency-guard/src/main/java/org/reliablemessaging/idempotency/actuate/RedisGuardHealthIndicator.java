package org.reliablemessaging.idempotency.actuate;

import java.time.Instant;
import java.util.Objects;

import org.reliablemessaging.idempotency.redis.EpochStatus;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when Redis lost the Redis idempotency guard's markers and the guard holds every message until
 * an operator re-arms it; each check compares the epoch in Redis.
 */
public final class RedisGuardHealthIndicator extends AbstractHealthIndicator {

    private final RedissonIdempotencyGuard guard;

    public RedisGuardHealthIndicator(RedissonIdempotencyGuard guard) {
        super("Redis idempotency guard health check failed");
        this.guard = guard;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        EpochStatus status = guard.check();
        builder.status(status.lost() ? "DOWN" : "UP")
            .withDetail("state", status.state())
            .withDetail("epochKey", status.key());
        if (status.epoch() != null) {
            builder.withDetail(status.lost() ? "expectedEpoch" : "epoch", status.epoch());
        }
        if (status.lost()) {
            EpochStatus.Reason reason = Objects.requireNonNull(status.reason(), "a lost epoch has a reason");
            Instant detectedAt = Objects.requireNonNull(status.detectedAt(), "a lost epoch has the moment it was noticed");
            builder.withDetail("reason", reason.describe(status.key()))
                .withDetail("detectedAt", detectedAt.toString())
                .withDetail("refusedMessages", status.refusals())
                .withDetail("action", "Listeners using the Redis guard hold every message. Find out why Redis lost "
                        + "data, then re-arm the guard: POST /actuator/redisguard (or "
                        + "RedissonIdempotencyGuard.acceptDataLoss()); redelivered messages whose markers were lost "
                        + "are then handled again.");
            if (status.found() != null) {
                builder.withDetail("foundEpoch", status.found());
            }
        }
    }
}
