package org.reliablemessaging.jdbc;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class MariaDbDeadLetterTests extends DeadLetterContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
