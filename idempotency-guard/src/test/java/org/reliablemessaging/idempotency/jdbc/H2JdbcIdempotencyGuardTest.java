package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class H2JdbcIdempotencyGuardTest extends JdbcIdempotencyGuardContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
