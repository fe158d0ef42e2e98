package org.reliablemessaging.sample.inventory;

import org.junit.jupiter.api.Test;
import org.reliablemessaging.testservices.RedisTestService;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** The same stock rules with the Redis idempotency guard, chosen by property instead of the JDBC one. */
@Import(RedisTestService.class)
@TestPropertySource(properties = { "reliable-messaging.idempotency.store=redis",
        // Keys of its own, the guard's epoch included, apart from other runs on the same Redis.
        "reliable-messaging.idempotency.redis-key-prefix=rm-sample-${random.value}:",
        // Other runs' markers cannot collide (message ids are unique), but need not outlive the run by long.
        "reliable-messaging.idempotency.retention=1h" })
class InventoryRedisGuardTests extends InventoryMessagingTests {

    @Test
    void theRedisGuardIsShownToAllAndReArmedOnlyByTheAdministrator() {
        http.get().uri("/actuator/redisguard").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.state").isEqualTo("ARMED");
        http.post().uri("/actuator/redisguard").exchange().expectStatus().isUnauthorized();
        // Nothing was lost, so nothing changes.
        http.post().uri("/actuator/redisguard").headers(headers -> headers.setBasicAuth("admin", "test-secret"))
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.state").isEqualTo("ARMED");
    }
}
