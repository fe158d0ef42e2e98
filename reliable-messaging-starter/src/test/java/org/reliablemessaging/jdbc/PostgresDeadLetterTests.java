package org.reliablemessaging.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class PostgresDeadLetterTests extends DeadLetterContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
