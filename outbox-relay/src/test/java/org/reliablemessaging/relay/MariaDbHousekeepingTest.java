package org.reliablemessaging.relay;

import org.reliablemessaging.test.TestDatabase;
import org.reliablemessaging.test.TestDatabases;

class MariaDbHousekeepingTest extends HousekeepingContractTests {

    @Override
    TestDatabase newDatabase() {
        return TestDatabases.mariadb();
    }
}
