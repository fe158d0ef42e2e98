package org.reliablemessaging.jdbc;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class H2DeadLetterTest extends DeadLetterContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
