package org.reliablemessaging.sample.inventory;

import org.reliablemessaging.test.RedisTestService;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** The same stock rules with the Redis idempotency guard, chosen by property instead of the JDBC one. */
@Import(RedisTestService.class)
@TestPropertySource(properties = { "reliable-messaging.idempotency.store=redis",
        // Other runs' markers cannot collide (message ids are unique), but need not outlive the run by long.
        "reliable-messaging.idempotency.retention=1h" })
class InventoryRedisGuardTest extends InventoryMessagingTest {
}
