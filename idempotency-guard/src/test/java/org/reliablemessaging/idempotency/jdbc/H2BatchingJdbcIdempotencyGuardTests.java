package org.reliablemessaging.idempotency.jdbc;

import java.time.Duration;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

/** The guard's contract with messages batched into shared transactions. */
class H2BatchingJdbcIdempotencyGuardTests extends JdbcIdempotencyGuardContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }

    @Override
    GuardBatching batching() {
        return new GuardBatching(8, Duration.ofMillis(2), 2);
    }
}
