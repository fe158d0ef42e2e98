package org.reliablemessaging.relay;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class PostgresHousekeepingTest extends HousekeepingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.postgres();
    }
}
