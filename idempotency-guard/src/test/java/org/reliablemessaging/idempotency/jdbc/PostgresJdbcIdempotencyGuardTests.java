package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class PostgresJdbcIdempotencyGuardTests extends JdbcIdempotencyGuardContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
