package org.reliablemessaging.relay;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class H2HousekeepingTest extends HousekeepingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
