package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class MariaDbJdbcIdempotencyGuardTest extends JdbcIdempotencyGuardContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
