package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2JdbcIdempotencyGuardTests extends JdbcIdempotencyGuardContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
