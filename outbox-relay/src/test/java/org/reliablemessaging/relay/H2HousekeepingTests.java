package org.reliablemessaging.relay;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class H2HousekeepingTests extends HousekeepingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.h2();
    }
}
