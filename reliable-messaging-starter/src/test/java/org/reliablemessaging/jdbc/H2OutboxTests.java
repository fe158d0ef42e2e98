package org.reliablemessaging.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2OutboxTests extends OutboxContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
