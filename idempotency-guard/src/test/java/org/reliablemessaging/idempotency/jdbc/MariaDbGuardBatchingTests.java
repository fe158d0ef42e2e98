package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class MariaDbGuardBatchingTests extends GuardBatchingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
