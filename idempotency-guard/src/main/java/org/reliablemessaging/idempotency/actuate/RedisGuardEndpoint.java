package org.reliablemessaging.idempotency.actuate;

import org.reliablemessaging.idempotency.redis.EpochStatus;
import org.reliablemessaging.idempotency.redis.RedissonIdempotencyGuard;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code redisguard} Actuator endpoint: shows whether the Redis idempotency guard takes messages,
 * and, once its access is raised ({@code management.endpoint.redisguard.access=unrestricted}), re-arms
 * it after Redis lost data ({@code POST}).
 *
 * <p>Read-only by default because a re-arm accepts that redelivered messages whose markers were lost
 * are handled a second time.
 */
@Endpoint(id = "redisguard", defaultAccess = Access.READ_ONLY)
public class RedisGuardEndpoint {

    private final RedissonIdempotencyGuard guard;

    public RedisGuardEndpoint(RedissonIdempotencyGuard guard) {
        this.guard = guard;
    }

    /** The guard's epoch as Redis holds it now. */
    @ReadOperation
    public EpochStatus status() {
        return guard.check();
    }

    /** Re-arms the guard if it lost its epoch; otherwise changes nothing. */
    @WriteOperation
    public EpochStatus acceptDataLoss() {
        return guard.acceptDataLoss();
    }
}
