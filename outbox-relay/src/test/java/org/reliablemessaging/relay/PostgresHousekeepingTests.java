package org.reliablemessaging.relay;

import org.reliablemessaging.testservices.TestDatabase;
import org.reliablemessaging.testservices.TestDatabases;

class PostgresHousekeepingTests extends HousekeepingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
