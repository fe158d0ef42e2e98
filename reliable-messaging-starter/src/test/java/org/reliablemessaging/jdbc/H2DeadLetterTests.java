package org.reliablemessaging.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2DeadLetterTests extends DeadLetterContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
