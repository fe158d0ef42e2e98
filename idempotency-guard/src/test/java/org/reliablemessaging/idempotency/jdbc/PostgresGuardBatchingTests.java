package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class PostgresGuardBatchingTests extends GuardBatchingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
