package org.reliablemessaging.idempotency;

import java.time.Duration;

import org.reliablemessaging.spi.MessageDeferredException;

/**
 * Thrown instead of running a handler while the Redis idempotency guard holds every message because
 * Redis lost the markers of processed messages: the listener keeps the message, without using an
 * attempt and without acknowledging it, until an operator re-arms the guard.
 */
public class RedisDataLossException extends MessageDeferredException {

    public RedisDataLossException(String what, Duration retryAfter) {
        super("The Redis idempotency guard holds every message: " + what + ". Processed-message markers may be "
                + "gone, so a redelivered message could be handled twice. Find out why Redis lost its data, then "
                + "re-arm the guard: POST /actuator/redisguard (or RedissonIdempotencyGuard.acceptDataLoss()); "
                + "messages whose markers were lost are then handled again if they are redelivered.", retryAfter);
    }
}
