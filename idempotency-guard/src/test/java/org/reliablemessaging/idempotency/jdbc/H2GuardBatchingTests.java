package org.reliablemessaging.idempotency.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2GuardBatchingTests extends GuardBatchingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
